// The viewer's address of one rollout: the page routes on its URL hash (#behavior=...&rollout=v3r1, see
// page/main.ts), so a report can link straight to a transcript inside viewer.html. Form-encoded, so a behavior
// name cannot add a parameter or leave the fragment.

import { rolloutKey } from '../../formats/results-folder.ts';

export function viewerAnchor(behavior: string, variation: number, repetition: number): string {
  return `#${new URLSearchParams({ behavior, rollout: rolloutKey(variation, repetition) }).toString()}`;
}
