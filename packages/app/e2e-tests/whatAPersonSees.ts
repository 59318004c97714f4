import { expect, Locator, Page, TestInfo } from '@playwright/test';

/** The widths a person reads the portal at: a laptop, and a common desktop window. */
export const WIDTHS = [1024, 1400] as const;

/** What {@link wordsBrokenAcrossLines} found in the tables under a scope. */
export interface TableWordCheck {
  /** How many table cells were looked at (0 means the check saw no table). */
  cells: number;
  /** Each word rendered on more than one line, with the text of its cell. */
  broken: string[];
}

/**
 * Columns of free text (statuses, descriptions, reasons): they wrap, and may
 * wrap where running text does (after a hyphen or a slash in a URL), but
 * never between two letters or digits, nor inside a version or an address
 * ("0.47.0", "10.0.0.0"). Every other column holds identifiers,
 * phases, versions or times, whose whitespace-separated words stay whole.
 */
export const FREE_TEXT_COLUMNS = [
  'Status',
  'What it is',
  'Now',
  'After the update',
  'Template',
  'Azure',
  'Decision',
  'Size',
];

/**
 * Compares each table cell's (and each definition list value's) rendered
 * lines with its words: for each word of each text node in a `td`, `th` or `dd`, a Range over the word gives one client
 * rectangle per line box it occupies; a word whose rectangles sit at more
 * than one height is broken across lines ("Read / y", "In / st / all / ed").
 * In identifier columns a word is all that lies between spaces
 * ("dev-e2e-1k2j" may not break at its hyphens); in the
 * {@link FREE_TEXT_COLUMNS} a word is a run of letters and digits, or a
 * version (digits joined by dots, "v1.0.0").
 */
export async function wordsBrokenAcrossLines(
  scope: Locator,
  freeTextColumns: string[] = FREE_TEXT_COLUMNS,
): Promise<TableWordCheck> {
  return scope.evaluate((root: Element, freeText: string[]) => {
    const broken: string[] = [];
    // Table cells, and the values of definition lists (a cluster's facts: ids, hosts, statuses), which are free text.
    const cells = Array.from(
      root.querySelectorAll('table td, table th, dl dd'),
    ) as HTMLElement[];
    for (const cell of cells) {
      const isValue = cell.tagName === 'DD';
      const header = isValue
        ? cell.previousElementSibling?.textContent?.trim() ?? ''
        : cell
            .closest('table')!
            .tHead?.rows[0]?.cells[
              (cell as HTMLTableCellElement).cellIndex
            ]?.textContent?.trim() ?? '';
      const isFreeText =
        isValue ||
        (cell.tagName === 'TD' &&
          freeText.some(title => title.toLowerCase() === header.toLowerCase()));
      const words = isFreeText
        ? /[\p{L}\p{N}]*\p{N}(?:\.\p{N}+)+|[\p{L}\p{N}]+/gu
        : /\S+/g;
      // A <wbr> is a break the page offers on purpose (after a URL's or an id's punctuation): in an identifier
      // column each text node is checked on its own. In free text, text split only by <wbr> is one run, so a
      // version offered a break inside it ("0.<wbr>47.<wbr>0") is still seen whole.
      const runs: Text[][] = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text;
        const before = text.previousSibling;
        const run = runs[runs.length - 1];
        if (
          isFreeText &&
          run &&
          before?.nodeName === 'WBR' &&
          before.previousSibling === run[run.length - 1]
        )
          run.push(text);
        else runs.push([text]);
      }
      for (const run of runs) {
        const starts: number[] = [];
        let joined = '';
        for (const text of run) {
          starts.push(joined.length);
          joined += text.data;
        }
        /** The text node and offset of a position in the run: `end` prefers the node a word ends in. */
        const at = (position: number, end: boolean) => {
          let i = run.length - 1;
          while (i > 0 && (end ? starts[i] >= position : starts[i] > position))
            i--;
          return { node: run[i], offset: position - starts[i] };
        };
        for (const match of Array.from(joined.matchAll(words))) {
          const from = at(match.index!, false);
          const to = at(match.index! + match[0].length, true);
          const range = document.createRange();
          range.setStart(from.node, from.offset);
          range.setEnd(to.node, to.offset);
          const lines = new Set(
            Array.from(range.getClientRects())
              .filter(rect => rect.width > 0 && rect.height > 0)
              .map(rect => Math.round(rect.top)),
          );
          if (lines.size > 1)
            broken.push(
              `"${match[0]}" on ${lines.size} lines in ${
                header || 'a'
              } cell "${cell.textContent?.trim()}"`,
            );
        }
      }
    }
    return { cells: cells.length, broken };
  }, freeTextColumns);
}

/** Resizes the page to `width` and waits until the layout has followed. */
export async function showAt(page: Page, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForFunction(w => window.innerWidth === w, width);
  // Two frames: the tables measure their columns after a resize.
  await page.evaluate(
    () =>
      new Promise(resolve =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)),
      ),
  );
}

/**
 * At each of {@link WIDTHS}: no word of any table cell under `scope` is
 * broken across lines, and a full-page screenshot is kept as a test artifact
 * named `<name>-<width>.png`.
 */
export async function expectTablesReadAtEveryWidth(
  page: Page,
  scope: Locator,
  testInfo: TestInfo,
  name: string,
  minCells: number,
) {
  for (const width of WIDTHS) {
    await showAt(page, width);
    // A resize may lay the page out anew: wait until its tables are back.
    await expect
      .poll(() => scope.locator('table td, table th').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(minCells);
    const check = await wordsBrokenAcrossLines(scope);
    expect(
      check.cells,
      `tables under ${name} at ${width} px`,
    ).toBeGreaterThanOrEqual(minCells);
    expect(
      check.broken,
      `words broken across lines on ${name} at ${width} px`,
    ).toEqual([]);
    await keepScreenshot(page, testInfo, `${name}-${width}`);
  }
}

/**
 * A screenshot kept in the test's output folder and attached to its result.
 * Backstage scrolls inside its content area, not the page, so a full-page
 * screenshot shows only the window: the window is made as tall as the content
 * for the picture (the width, which decides every line break, stays).
 */
export async function keepScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
) {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const contentHeight = await page.evaluate(() =>
    Math.max(
      ...Array.from(document.querySelectorAll('main, main *')).map(
        el => el.scrollHeight,
      ),
    ),
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(viewport.height, contentHeight + 80), 4000),
  });
  await page.evaluate(
    () =>
      new Promise(resolve =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)),
      ),
  );
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  await page.setViewportSize(viewport);
}
