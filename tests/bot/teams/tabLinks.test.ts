import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANS_TAB_ENTITY_ID, tabSectionDeepLink } from '../../../bot/teams/tabLinks.js';
import { PROJECT_ROOT } from '../../../retrieval/config.js';

describe('deep links into the tab', () => {
  it('name the static tab the manifest declares', () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'manifest', 'manifest.json'), 'utf8')) as { staticTabs: Array<{ entityId: string; contentUrl?: string }> };
    const tab = manifest.staticTabs.find((t) => t.entityId === PLANS_TAB_ENTITY_ID);
    expect(tab?.contentUrl).toMatch(/\/tab\?/);
  });

  it('encode every part, so a section id or label cannot break the link', () => {
    const link = tabSectionDeepLink(
      { publicBaseUrl: 'https://planboten.example.org', teamsAppId: '11111111-2222-4333-8444-555555555555' },
      { id: 'vp-2025-2029/mål & "visioner"/p2', sectionPath: ['Mål & visioner', 'Lön?'] },
    );
    const url = new URL(link);
    expect(url.searchParams.get('label')).toBe('Mål & visioner › Lön?');
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: 'vp-2025-2029/mål & "visioner"/p2' });
    expect(new URL(url.searchParams.get('webUrl')!).searchParams.get('section')).toBe('vp-2025-2029/mål & "visioner"/p2');
    expect(link).not.toMatch(/[ "]/);
  });
});
