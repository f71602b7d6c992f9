import { resolve } from "node:path";

/**
 * The workplace's `shared/` folder (Istio's and Envoy's own test data under `conformance/`), which sits beside the
 * checkout on developer machines and in CI (`../shared` from the repository root).
 */
export const SHARED_DIR = resolve(process.env["MESHC_SHARED_DIR"] ?? "../shared");

export function conformanceDir(name: string): string {
  return resolve(SHARED_DIR, "conformance", name);
}
