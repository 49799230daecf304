// Writes the stylesheets that vega-embed and vega-tooltip would otherwise inject as <style>
// elements (which a Content-Security-Policy without style-src 'unsafe-inline' blocks) into
// node_modules/.lll/, from the pinned packages themselves. Run by `npm ci` (postinstall);
// lll.core.vendor serves the files as static files like the rest of node_modules.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDefaultStyle, DEFAULT_OPTIONS } from "vega-tooltip";

const root = join(dirname(dirname(fileURLToPath(import.meta.url))), "node_modules");
const out = join(root, ".lll");
mkdirSync(out, { recursive: true });

// vega-embed's stylesheet is its src/style.ts: one template literal (generated from its SCSS).
const source = readFileSync(join(root, "vega-embed", "src", "style.ts"), "utf8");
const embedCss = source.slice(source.indexOf("`") + 1, source.lastIndexOf("`"));
if (!embedCss.includes(".vega-embed")) {
  throw new Error("vega-embed/src/style.ts no longer holds the stylesheet");
}
writeFileSync(join(out, "vega-embed.css"), embedCss);
writeFileSync(join(out, "vega-tooltip.css"), createDefaultStyle(DEFAULT_OPTIONS.id));
