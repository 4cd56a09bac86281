import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { api } from "../../api.js";
import type { Charter } from "../../types.js";
import { formatDay } from "../../format.js";
import { CAMPAIGN_STATES } from "../../../../server/shared/followup.js";
import { ErrorAlert, Loading, Notice } from "../feedback.js";
import { TabPanel, Tabs } from "../Tabs.js";
import { useResource } from "../useResource.js";
import { commitmentNames } from "./commitmentNames.js";
import { MyCommitments } from "./MyCommitments.js";
import { ReviewPanel } from "./ReviewPanel.js";
import { IndicatorsPanel } from "./IndicatorsPanel.js";
import { CampaignsPanel } from "./CampaignsPanel.js";
import { DashboardView } from "./DashboardView.js";
import { ReportDownloads } from "./ReportDownloads.js";
import type { Campaign, CommitmentsAnswer } from "./types.js";
import "./followup.css";

const VIEWS_PREFIX = "followup-views";

/** What every view of the tab is given: the charter, the tracked commitments, the campaign under way. */
export interface FollowupViewProps {
  charter: Charter;
  data: CommitmentsAnswer;
  campaign: Campaign | undefined;
  names: Map<string, string>;
  /** Grows each time the server announces a follow-up change: views that load their own data reload on it. */
  changes: number;
  onChanged(): void;
}

/**
 * The views of the tab, each shown to whom the server's abilities allow:
 * add one here (an id, a label, who sees it, what it shows).
 */
const VIEWS: { id: string; label: string; shown(c: Charter): boolean; render(p: FollowupViewProps): ComponentChildren }[] = [
  { id: "mine", label: "Mes engagements", shown: () => true, render: (p) => <MyCommitments charter={p.charter} data={p.data} campaign={p.campaign} names={p.names} onSaved={p.onChanged} /> },
  { id: "review", label: "Revue", shown: (c) => !!c.abilities["compliance:review"], render: (p) => <ReviewPanel {...p} /> },
  { id: "dashboard", label: "Tableau de bord", shown: () => true, render: (p) => <DashboardView charter={p.charter} changes={p.changes} /> },
  { id: "indicators", label: "Indicateurs", shown: () => true, render: (p) => <IndicatorsPanel charter={p.charter} changes={p.changes} /> },
  { id: "campaigns", label: "Campagnes", shown: (c) => !!c.abilities["compliance:manage"], render: (p) => <CampaignsPanel {...p} /> },
];

/**
 * The « Suivi » tab of a signed charter: the campaign under way, then views
 * for each part of the follow-up — « Mes engagements » for a partner, the
 * review for the committee, the indicators, the campaigns for the pilots.
 */
export function FollowupPanel(props: { charter: Charter; changes?: number }) {
  const path = `/charters/${encodeURIComponent(props.charter.id)}/commitments`;
  const changes = props.changes ?? 0;
  const data = useResource((signal) => api<CommitmentsAnswer>("GET", path, { signal }), [props.charter.id, changes]);
  const views = VIEWS.filter((v) => v.shown(props.charter));
  const [view, setView] = useState(() => firstView(props.charter));
  const [visited, setVisited] = useState(() => new Set([view]));
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loading />;
  const campaign = [...data.data.campaigns].reverse().find((c) => c.state != "closed");
  // The report of the campaign under way, else of the last one closed.
  const reported = campaign ?? data.data.campaigns.at(-1);
  const viewProps: FollowupViewProps = { charter: props.charter, data: data.data, campaign, names: commitmentNames(data.data.commitments), changes, onChanged: data.reload };
  const select = (id: string) => {
    setView(id);
    setVisited((v) => new Set(v).add(id));
  };
  return (
    <section class="followup" aria-labelledby="followup-title">
      <h2 id="followup-title">Suivi des engagements</h2>
      {!campaign ? (
        <Notice kind="info">Aucune campagne de suivi n'est ouverte. Les pilotes en ouvrent une pour chaque bilan annuel.</Notice>
      ) : (
        <p class="followup-campaign">
          Campagne <strong>{campaign.label}</strong> ({CAMPAIGN_STATES[campaign.state].toLowerCase()}) : période du {formatDay(campaign.start)} au {formatDay(campaign.end)},
          déclarations jusqu'au {formatDay(campaign.deadline)}, comité le {formatDay(campaign.committeeDate)}.
        </p>
      )}
      {reported && <ReportDownloads charterId={props.charter.id} campaign={reported} />}
      <Tabs label="Vues du suivi" prefix={VIEWS_PREFIX} class="followup-tabs" tabs={views.map((v) => ({ id: v.id, label: v.label }))} selected={view} onSelect={select} />
      {views.map((v) => (
        <TabPanel prefix={VIEWS_PREFIX} id={v.id} selected={view == v.id} class="followup-view">
          {visited.has(v.id) && v.render(viewProps)}
        </TabPanel>
      ))}
    </section>
  );
}

/** Partners start on their commitments, pilots on the campaigns, the committee on the review, readers on the dashboard. */
function firstView(charter: Charter): string {
  if (charter.abilities["compliance:declare"]) return "mine";
  if (charter.abilities["compliance:manage"]) return "campaigns";
  if (charter.abilities["compliance:review"]) return "review";
  return "dashboard";
}
