// The data a viewer.html embeds, decoded as the page decodes it (the string table, then the data).

import { stringsModule } from '../../../src/report/viewer/page/strings.ts';

/** The raw text of a JSON data block (`bloom-strings` or `bloom-data`). */
export function dataBlock(html: string, id: 'bloom-strings' | 'bloom-data'): string {
  const block = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(
    html,
  )?.[1];
  if (block === undefined) throw new Error(`no ${id} block in the page`);
  return block;
}

/** As JSON.parse returns it: tests reach into it freely. */
export function embeddedData(html: string): ReturnType<typeof JSON.parse> {
  const table = JSON.parse(dataBlock(html, 'bloom-strings')) as string[];
  return JSON.parse(dataBlock(html, 'bloom-data'), stringsModule().reviverFor(table));
}
