// Regenerates docs/diagnostics.md from the catalog.
import { writeFileSync } from "node:fs";
import { renderCatalogMarkdown } from "../compiler/diagnostics/catalog-doc.ts";

writeFileSync("docs/diagnostics.md", renderCatalogMarkdown());
