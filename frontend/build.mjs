// Copies the NL Design System CSS, design tokens, the Noto Sans font and htmx from node_modules
// into static/vendor/, where Django's staticfiles (and WhiteNoise in production) serve them.
// Run by `make assets`; static/vendor/ is not committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const out = join(root, "static", "vendor");

const files = [
  ["@utrecht/component-library-css/dist/index.css", "utrecht/component-library.css"],
  ["@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css", "tokens/voorbeeld-theme.css"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2", "fonts/noto-sans-latin-400-normal.woff2"],
  ["@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2", "fonts/noto-sans-latin-700-normal.woff2"],
  ["@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2", "fonts/noto-sans-latin-ext-400-normal.woff2"],
  ["@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2", "fonts/noto-sans-latin-ext-700-normal.woff2"],
  ["@fontsource/noto-sans/LICENSE", "fonts/OFL-LICENSE.txt"],
];

rmSync(out, { recursive: true, force: true });
for (const [src, dest] of files) {
  const target = join(out, dest);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(nm, src), target);
}
writeFileSync(join(out, "README.txt"), "Built by frontend/build.mjs from node_modules; do not edit or commit.\n");
console.log(`static/vendor: ${files.length} files`);
