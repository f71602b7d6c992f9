/** Meshes the serve tests compile: the grpc-echo example, and a small YAML mesh with a Pod and a Deployment. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { compile } from "../../compiler/pipeline.ts";

let echo: MeshIR | undefined;
/** examples/grpc-echo/mesh.ts, compiled once. */
export function echoIR(): MeshIR {
  return (echo ??= compileOrThrow(["examples/grpc-echo/mesh.ts"]));
}

/** Compiles `inputs`, failing loudly on diagnostics of severity error. */
export function compileOrThrow(inputs: readonly string[]): MeshIR {
  const c = compile(inputs);
  if (c.ir === undefined)
    throw new Error(`fixture does not compile: ${JSON.stringify(c.diagnostics.map((d) => d.message))}`);
  return c.ir;
}

/** examples/grpc-echo/mesh.ts with `replace` applied, written to a temp dir and compiled. */
export function echoVariant(from: string, to: string): MeshIR {
  const dir = mkdtempSync(join(tmpdir(), "meshc-serve-"));
  const text = readExample();
  if (!text.includes(from)) throw new Error(`'${from}' is not in the example`);
  writeFileSync(join(dir, "mesh.ts"), text.replace(from, to));
  return compileOrThrow([join(dir, "mesh.ts")]);
}

export const readExample = (): string => readFileSync("examples/grpc-echo/mesh.ts", "utf8");

/** A YAML mesh: namespace shop, Deployment cart-v1 (pod IP 10.0.0.5), Pod debug (10.0.0.9), Service cart. */
export function yamlIR(): MeshIR {
  const dir = mkdtempSync(join(tmpdir(), "meshc-serve-yaml-"));
  writeFileSync(
    join(dir, "mesh.yaml"),
    `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart-v1, namespace: shop }
spec:
  selector: { matchLabels: { app: cart, version: v1 } }
  template:
    metadata: { labels: { app: cart, version: v1 } }
    spec: { serviceAccountName: cart }
status: { podIPs: [{ ip: 10.0.0.5 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop, labels: { app: debug } }
spec: { serviceAccountName: debug }
status: { podIP: 10.0.0.9 }
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec:
  selector: { app: cart }
  ports: [{ name: grpc, port: 9090, targetPort: 19090 }]
`,
  );
  return compileOrThrow([join(dir, "mesh.yaml")]);
}
