/**
 * Upstream test data read in place from the workplace's `shared/` folder (never copied into the repository). When
 * the folder is absent a suite registers one visible skip naming the data and `MESHC_SHARED_DIR`; under `CI=true` a
 * missing corpus is a failure, since CI must run it.
 */
import { existsSync } from "node:fs";
import type { Test } from "uvu";
import { conformanceDir } from "./shared.ts";
import { skip } from "./skip.ts";

/** The corpus folder, or undefined after registering the skip (or, under CI, the failure) on `suite`. */
export function sharedCorpus(suite: Test, name: string): string | undefined {
  const dir = conformanceDir(name);
  if (existsSync(dir)) return dir;
  const why = `${dir} is missing; set MESHC_SHARED_DIR to the folder holding conformance/`;
  if (process.env["CI"] === "true")
    suite(`conformance data ${name} is present (required under CI)`, () => {
      throw new Error(why);
    });
  else skip(suite, `conformance data ${name}: ${why}`);
  return undefined;
}
