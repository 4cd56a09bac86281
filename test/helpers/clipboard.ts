/*
 * Clipboard HTML as word processors put it there, for the paste tests: the
 * markup of a copy from Word (Windows, « HTML Format ») and from LibreOffice
 * Writer, trimmed of their long style sheets but with their quirks kept
 * (Word's `<o:p>`, `MsoNormal` paragraphs, `mso-list` paragraphs with their
 * hidden markers and `<![if !supportLists]>` conditionals; LibreOffice's
 * `western` headings and `<col>` elements).
 */

/** A Word copy: two headings, a paragraph, a bulleted and a numbered list, and a 2 × 2 table. */
export const WORD_HTML = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15"><meta name=Originator content="Microsoft Word 15">
<style><!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal {mso-style-unhide:no; margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
 h1 {mso-style-link:"Titre 1 Car"; margin-top:12.0pt; font-size:16.0pt;}
 p.MsoListParagraphCxSpFirst {mso-style-type:export-only; margin-left:36.0pt;}
 @list l0:level1 {mso-level-number-format:bullet; mso-level-text:\\F0B7;}
--></style></head>
<body lang=FR style='tab-interval:35.4pt;word-wrap:break-word'>
<!--StartFragment--><h1>Engagements de la CAF<o:p></o:p></h1>
<p class=MsoNormal>La CAF maintient l’aide au logement pendant le plan d’apurement.<o:p></o:p></p>
<h2><span style='mso-fareast-font-family:"Times New Roman"'>Délais</span><o:p></o:p></h2>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Signaler l’impayé dans les deux mois<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Proposer un rendez-vous<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Saisir la CCAPEX<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Informer le ménage<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=302 valign=top style='width:226.5pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>Partenaire<o:p></o:p></b></p></td>
  <td width=302 valign=top style='width:226.5pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>Délai<o:p></o:p></b></p></td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=302 valign=top style='width:226.5pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>ADIL<o:p></o:p></p></td>
  <td width=302 valign=top style='width:226.5pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>15 jours<o:p></o:p></p></td>
 </tr>
</table>
<!--EndFragment-->
</body>
</html>`;

/** What the Word copy becomes in the charter: one block per line, `•` for list items. */
export const WORD_BLOCKS = [
  "Engagements de la CAF",
  "La CAF maintient l’aide au logement pendant le plan d’apurement.",
  "Délais",
  "• Signaler l’impayé dans les deux mois",
  "• Proposer un rendez-vous",
  "1. Saisir la CCAPEX",
  "2. Informer le ménage",
  "Partenaire",
  "Délai",
  "ADIL",
  "15 jours",
];

/** A LibreOffice Writer copy: headings, a paragraph, a table with bare cells, and a list. */
export const LIBREOFFICE_HTML = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/><title></title><meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/><style type="text/css">@page { size: 21cm 29.7cm; margin: 2cm } p { line-height: 115%; margin-bottom: 0.25cm; background: transparent } h1 { margin-bottom: 0.21cm; background: transparent; page-break-after: avoid } h1.western { font-family: "Liberation Sans", sans-serif; font-size: 18pt; font-weight: bold } h2.western { font-size: 16pt } td p { orphans: 2; widows: 2 }</style></head>
<body lang="fr-FR" link="#000080" vlink="#800000" dir="ltr"><h1 class="western"><a name="__RefHeading___Toc1_123"></a>Gouvernance</h1>
<p style="line-height: 100%; margin-bottom: 0cm">Le comité de suivi se réunit chaque année.</p>
<h2 class="western">Indicateurs</h2>
<table width="100%" cellpadding="4" cellspacing="0"><col width="128*"/><col width="128*"/>
<tr valign="top"><td width="50%" style="border-top: 1px solid #000000; border-bottom: 1px solid #000000; border-left: 1px solid #000000; border-right: none; padding: 0.1cm"><p>Délai FSL</p></td><td width="50%" style="border: 1px solid #000000; padding: 0.1cm">Un mois</td></tr>
</table>
<ul><li><p style="line-height: 100%; margin-bottom: 0cm">Nombre de DSF</p></li><li><p style="line-height: 100%; margin-bottom: 0cm">Nombre de CFP</p></li></ul>
</body></html>`;

/** What the LibreOffice copy becomes. */
export const LIBREOFFICE_BLOCKS = ["Gouvernance", "Le comité de suivi se réunit chaque année.", "Indicateurs", "Délai FSL", "Un mois", "• Nombre de DSF", "• Nombre de CFP"];
