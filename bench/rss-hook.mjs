// Loaded with `node --import` into the `meshc build` child: on exit, writes its peak RSS (KiB) to $MESHC_BENCH_RSS_FILE.
import { writeFileSync } from "node:fs";
process.on("exit", () => {
  if (process.env.MESHC_BENCH_RSS_FILE)
    writeFileSync(process.env.MESHC_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
