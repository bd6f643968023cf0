// Compile the service's stylesheet and copy GOV.UK Frontend's script into the package's static folder.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, "tracker", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(out, "govuk", "assets"), { recursive: true });
const css = sass.compile(join(root, "assets", "tracker.scss"), {
  importers: [new sass.NodePackageImporter()],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "tracker.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
// The one image the stylesheet names; the fonts stay out, as the service uses system fonts.
mkdirSync(join(out, "govuk", "assets", "images"), { recursive: true });
cpSync(
  join(govuk, "assets", "images", "govuk-crest.svg"),
  join(out, "govuk", "assets", "images", "govuk-crest.svg"),
);
cpSync(join(root, "assets", "favicon.svg"), join(out, "favicon.svg"));
cpSync(join(root, "assets", "init.mjs"), join(out, "init.mjs"));
// For the browser tests only: the wheel leaves it out (see pyproject.toml and MANIFEST.in).
cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(out, "axe.min.js"));
console.log(`built ${out}`);
