/** What `meshc build` can write (`--target`): kept apart from outputs.ts so the CLI parses flags without loading the emitters. */
export type Target = "istio" | "envoy";
export const ALL_TARGETS: readonly Target[] = ["istio", "envoy"];
