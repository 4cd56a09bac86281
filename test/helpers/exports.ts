import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import mammoth from "mammoth";

const run = promisify(execFile);

/** Runs a poppler tool (pdftotext, pdfinfo, pdffonts) on a PDF's bytes and returns what it prints. */
async function poppler(tool: "pdftotext" | "pdfinfo" | "pdffonts", pdf: Buffer, args: string[] = []): Promise<string> {
  // The structure tree of a long charter prints to more than the default buffer.
  const maxBuffer = 64 * 1024 * 1024;
  const dir = mkdtempSync(join(tmpdir(), "charte-pdf-"));
  try {
    const file = join(dir, "export.pdf");
    writeFileSync(file, pdf);
    const { stdout } = await run(tool, [...args, file, ...(tool == "pdftotext" ? ["-"] : [])], { encoding: "utf8", maxBuffer });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as `pdftotext` reads it, pages split on form feeds. */
export const pdfText = (pdf: Buffer) => poppler("pdftotext", pdf, ["-enc", "UTF-8"]);

/** The PDF's text without its page furniture (footers), so that text running onto the next page reads on. */
export function bodyText(text: string): string {
  return flat(text.split("\n").filter((line) => !/^(Page \d+ \/ \d+|(Projet en cours|Version \d+) · empreinte [0-9a-f]{12}( · PROJET)?)$/.test(line.trim())).join("\n"));
}

/** `pdfinfo`'s fields (`Title`, `Tagged`, `Pages`…). */
export async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  const out = await poppler("pdfinfo", pdf, ["-enc", "UTF-8"]);
  return Object.fromEntries(out.split("\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]));
}

/** One element of a tagged PDF's structure tree, as `pdfinfo -struct-text` prints it: its type, title, depth and text. */
export interface StructElement {
  type: string;
  title: string | null;
  depth: number;
  text: string;
}

/** The PDF's structure tree, element by element in reading order. */
export async function pdfStructure(pdf: Buffer): Promise<StructElement[]> {
  const elements: StructElement[] = [];
  for (const line of (await poppler("pdfinfo", pdf, ["-struct-text"])).split("\n")) {
    const depth = (line.length - line.trimStart().length) / 2;
    const text = /^\s*"(.*)"$/.exec(line);
    if (text) elements[elements.length - 1].text += text[1];
    else if (line.trim()) {
      const [, type, title] = /^(\S+)(?: "(.*)")?/.exec(line.trim())!;
      elements.push({ type, title: title ?? null, depth, text: "" });
    }
  }
  return elements;
}

/** The fonts `pdffonts` lists: name, and whether embedded. */
export async function pdfFonts(pdf: Buffer): Promise<{ name: string; embedded: boolean }[]> {
  const lines = (await poppler("pdffonts", pdf)).split("\n").slice(2).filter((l) => l.trim());
  // Columns: name type… encoding emb sub uni object ID; the name has no spaces for embedded subsets.
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    return { name: cells[0], embedded: cells[cells.length - 5] == "yes" };
  });
}

/** Text with any run of white space (line breaks, no-break spaces aside) as one space. */
export const flat = (text: string) => text.replace(/[ \t\r\n\f]+/g, " ");

/** A DOCX read back with mammoth: its HTML, and its raw text. */
export async function readDocx(docx: Buffer): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([mammoth.convertToHtml({ buffer: docx }), mammoth.extractRawText({ buffer: docx })]);
  return { html: html.value, text: text.value };
}

/** The text inside each element of a tag in some HTML (entities decoded). */
export function elementTexts(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, "g"))].map((m) => decodeEntities(m[1].replace(/<[^>]+>/g, "")));
}

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Fetches a binary answer of the API. */
export async function download(url: string, token: string | null): Promise<{ status: number; headers: Headers; data: Buffer; json: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const data = Buffer.from(await res.arrayBuffer());
  let json: unknown = null;
  if ((res.headers.get("content-type") ?? "").includes("json")) json = JSON.parse(data.toString("utf8"));
  return { status: res.status, headers: res.headers, data, json };
}
