/**
 * What the importer builds before printing: declarations, each a DSL call with its arguments and the live DSL value
 * that call makes (so lowering can check it reproduces the input), and the expression text of every value that
 * prints as a reference (`reviews`, `reviews.subset("v2")`, `canary(reviews, { v1: 90, v2: 10 })`).
 */
import type { InputDocument } from "../load/document.ts";

/** One top-level DSL call of the generated mesh.ts. */
export interface Decl {
  /** `const <binding> = ...` when other declarations refer to it. */
  readonly binding?: string;
  /** The called export of "meshc". */
  readonly callee: string;
  readonly args: readonly unknown[];
  /** The value the call returns (the same call, made here). */
  readonly value: unknown;
  /** The input resources this declaration stands for. */
  readonly sources: readonly InputDocument[];
}

/** Reference expressions by value identity, and the identifiers in use. */
export class Names {
  private readonly expressions = new Map<object, string>();
  private readonly taken = new Set<string>(RESERVED);

  /** Record that `value` prints as `expression`; returns the value. */
  refer<T extends object>(value: T, expression: string): T {
    this.expressions.set(value, expression);
    return value;
  }

  readonly expressionOf = (value: object): string | undefined => this.expressions.get(value);

  /** A fresh identifier for `name` (`bookinfo-gateway` → `bookinfoGateway`), suffixed with `hint` when taken. */
  identifier(name: string, hint: string): string {
    const base = camel(name);
    for (const candidate of [base, camel(`${name}-${hint}`)]) {
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
    for (let i = 2; ; i++) {
      const candidate = `${camel(`${name}-${hint}`)}${i}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }
}

function camel(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const joined = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join("");
  return /^[A-Za-z_$]/.test(joined) ? joined : `_${joined}`;
}

/** The DSL's exports and JavaScript's reserved words: never used as binding names. */
const RESERVED = [
  ...["namespace", "service", "destination", "workload", "externalService", "ingressGateway", "virtualService"],
  ...["routes", "canary", "peerAuthentication", "requestAuthentication", "authorizationPolicy", "meshConfig"],
  ...["sidecar", "exact", "prefix", "regex", "raw", "_", "serviceRef", "workload", "gateway", "httpRoute"],
  ...["grpcRoute", "tcpRoute", "tlsRoute", "referenceGrant"],
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum"],
  ...["export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null"],
  ...["return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield"],
  ...["let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments"],
  ...["eval", "undefined", "NaN", "Infinity", "Object", "Array", "String", "Number", "Boolean", "Symbol", "Map"],
];
