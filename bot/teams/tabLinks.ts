import type { Citation } from '../answer/answerSchema.js';
import { sectionLabel } from '../answer/sourceLabels.js';

/** The static tab "Planerna" in manifest/manifest.json (`staticTabs[].entityId`). */
export const PLANS_TAB_ENTITY_ID = 'planerna';

/** Where the server is reachable and which Teams app it belongs to. */
export interface TabLinkSettings {
  /** PUBLIC_BASE_URL, without a trailing slash. */
  publicBaseUrl?: string;
  /** TEAMS_APP_ID: the Teams app's id from its manifest. */
  teamsAppId?: string;
}

/** The section in the tab as a plain web address: `…/tab?section=<chunk id>`. */
export function tabSectionUrl(publicBaseUrl: string, citation: Pick<Citation, 'id'>): string {
  return `${publicBaseUrl}/tab?section=${encodeURIComponent(citation.id)}`;
}

/**
 * A Teams deep link that opens the section inside Teams, in the app's static tab: the tab reads
 * the chunk id as `page.subPageId` (`context.subEntityId` in the link). `webUrl` is the fallback
 * for clients that cannot show the tab.
 */
export function tabSectionDeepLink(settings: Required<TabLinkSettings>, citation: Pick<Citation, 'id' | 'sectionPath'>): string {
  // encodeURIComponent rather than URLSearchParams: a "+" for a space is not read back as one everywhere.
  const query = [
    ['webUrl', tabSectionUrl(settings.publicBaseUrl, citation)],
    ['label', sectionLabel(citation.sectionPath)],
    ['context', JSON.stringify({ subEntityId: citation.id })],
  ]
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(settings.teamsAppId)}/${PLANS_TAB_ENTITY_ID}?${query}`;
}

/**
 * How a reply links its citations: in Teams with both settings, a deep link into the tab; with
 * only PUBLIC_BASE_URL (or in other channels), the tab's web address; without it, no link.
 */
export function citationLinker(settings: TabLinkSettings, channelId: string): ((citation: Citation) => string) | undefined {
  const { publicBaseUrl, teamsAppId } = settings;
  if (!publicBaseUrl) return undefined;
  if (teamsAppId && channelId.split(':')[0] === 'msteams') return (citation) => tabSectionDeepLink({ publicBaseUrl, teamsAppId }, citation);
  return (citation) => tabSectionUrl(publicBaseUrl, citation);
}
