import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { snapshot } from './headless-shell.js';
import type { Locale, ScreensWorkspace } from './screens-fixture.js';
import { openApp, showScreen, startScreensWorkspace } from './screens-fixture.js';

/**
 * Layout on every screen with data, at 1280×720 and 1920×1080, in English and German: no
 * button, badge or chip is cut off (its text wider than its box), wraps onto a second line,
 * sticks out of the box it sits in or off the screen, no heading is squeezed to a few
 * letters a line, and no page scrolls sideways. Each screen is also
 * saved to test-results/screens/layout-*.png, to look at after a run.
 */

// The page's globals, for the function that runs in the page: the tests compile without the
// DOM library (tsconfig.node.json), and these stay local to this module.
declare const document: any, window: any, NodeFilter: any, HTMLElement: any;
declare function getComputedStyle(element: any): any;
type Element = any;

interface Clipped {
  element: string;
  text: string;
  problem: string;
}

/** Everything on the page that is cut off, wrapped or sticking out, in words a report can show. */
function findClipped(page: Page): Promise<Clipped[]> {
  return page.evaluate(() => {
    const found: { element: string; text: string; problem: string }[] = [];
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      const style = getComputedStyle(element);
      return style.visibility !== 'hidden' && style.display !== 'none' && !element.closest('.visually-hidden, [aria-hidden="true"]');
    };
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
      found.push({ element: 'html', text: '', problem: `the page scrolls sideways (${document.documentElement.scrollWidth} > ${document.documentElement.clientWidth})` });
    }
    const controls = document.querySelectorAll('button, a.button, [role="tab"], .badge, .chip, .status-pill, .stage-pill');
    for (const element of controls) {
      if (!(element instanceof HTMLElement) || !visible(element)) continue;
      const text = (element.innerText || element.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
      if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') {
        found.push({ element: describe(element), text, problem: `cut off (${element.scrollWidth} > ${element.clientWidth})` });
      }
      // Wrapped: a button's or badge's words sit on more than one line.
      if (text.includes(' ') && element.matches('.button, .badge, .chip, .status-pill, .stage-pill')) {
        // The tops of the text's line boxes, a few pixels apart counting as one line.
        const tops: number[] = [];
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if ((node.textContent ?? '').trim() === '' || node.parentElement?.closest('.visually-hidden')) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const rect of range.getClientRects()) if (rect.width > 0 && !tops.some((top) => Math.abs(top - rect.top) < 6)) tops.push(rect.top);
        }
        const lines = new Set(tops);
        if (lines.size > 1) found.push({ element: describe(element), text, problem: `wraps onto ${lines.size} lines` });
      }
      // Runs off the screen.
      const bounds = element.getBoundingClientRect();
      if (bounds.right > window.innerWidth + 1) found.push({ element: describe(element), text, problem: `runs off the screen by ${Math.round(bounds.right - window.innerWidth)}px` });
      // Sticks out of the nearest ancestor that is a box (not an inline element).
      let container = element.parentElement;
      while (container && getComputedStyle(container).display.startsWith('inline')) container = container.parentElement;
      if (container) {
        const box = element.getBoundingClientRect();
        const outer = container.getBoundingClientRect();
        if (box.right > outer.right + 1 || box.left < outer.left - 1) {
          found.push({ element: describe(element), text, problem: `sticks out of ${describe(container)} by ${Math.round(Math.max(box.right - outer.right, outer.left - box.left))}px` });
        }
      }
    }
    // A heading squeezed by what sits beside it: a few letters a line.
    for (const heading of document.querySelectorAll('h1, h2')) {
      if (!(heading instanceof HTMLElement) || !visible(heading)) continue;
      const text = heading.innerText.trim();
      if (text.length > 12 && heading.getBoundingClientRect().width < 120) found.push({ element: describe(heading), text, problem: `squeezed to ${Math.round(heading.getBoundingClientRect().width)}px` });
    }
    return found;
  });
}

test.describe('layout', () => {
  let workspace: ScreensWorkspace;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    workspace = await startScreensWorkspace();
  });

  test.afterAll(async () => {
    await workspace?.stop();
  });

  for (const locale of ['en-US', 'de-DE'] as const satisfies readonly Locale[]) {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      test(`no clipped buttons at ${viewport.width}×${viewport.height} in ${locale}`, async ({ browser }) => {
        const page = await openApp(browser, workspace.shell, locale, viewport);
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        const report: string[] = [];
        for (const screen of workspace.screens) {
          await showScreen(page, workspace.shell, screen, locale);
          for (const clipped of await findClipped(page)) report.push(`${screen.name}: ${clipped.element} "${clipped.text}" ${clipped.problem}`);
          await snapshot(page, `layout-${locale}-${viewport.width}-${screen.name}`);
        }
        const firstRun = await openApp(browser, workspace.firstRunShell, locale, viewport);
        for (const clipped of await findClipped(firstRun)) report.push(`first-run: ${clipped.element} "${clipped.text}" ${clipped.problem}`);
        await snapshot(firstRun, `layout-${locale}-${viewport.width}-first-run`);
        expect(report).toEqual([]);
        expect(problems).toEqual([]);
        await page.context().close();
        await firstRun.context().close();
      });
    }
  }
});
