/**
 * One ADS stream, state of the world (envoy api/xds_protocol.rst "ACK/NACK and resource type instance version",
 * "When to send an update", "Resource warming", "How the client specifies what resources to return"). Transport-free:
 * requests come in through `onRequest`, responses leave through `send`, so tests drive it with a fake stream.
 *
 * Per type URL the stream keeps the subscription and the last response sent (version, nonce). A request
 * - carrying `error_detail` is a NACK of the response whose nonce it echoes: logged with the detail, nothing resent
 *   (the client keeps its last accepted version; a later snapshot with different content is pushed normally);
 * - echoing a nonce other than the last one sent is stale and ignored, as the protocol requires;
 * - echoing the last nonce is an ACK; the server answers only if the resource names changed;
 * - without a nonce is a (re)subscription, always answered.
 * The version of a response is a hash of its content, so an unchanged snapshot never causes a push.
 */
import { createHash } from "node:crypto";
import { DiscoveryResponse, type DiscoveryRequest } from "../emit/envoy/gen/envoy/service/discovery/v3/discovery.ts";
import type { WorkloadNode } from "../ir/ir.ts";
import type { NodeMatch } from "./node-id.ts";
import type { Snapshot, Subscription } from "./resources.ts";
import { PUSH_ORDER, TYPE_URL, xdsTypeOf, type XdsType } from "./xds-types.ts";

/** What the stream reports; the server turns these into log lines and counters. */
export type StreamEvent =
  | { readonly kind: "node"; readonly node: string; readonly match: NodeMatch }
  | {
      readonly kind: "response";
      readonly node: string;
      readonly type: XdsType;
      readonly version: string;
      readonly nonce: string;
      readonly names: readonly string[];
    }
  | {
      readonly kind: "ack";
      readonly node: string;
      readonly type: XdsType;
      readonly version: string;
      readonly nonce: string;
    }
  | {
      readonly kind: "nack";
      readonly node: string;
      readonly type: XdsType;
      readonly version: string;
      readonly nonce: string;
      readonly detail: string;
    }
  | { readonly kind: "warning"; readonly node: string; readonly message: string }
  | { readonly kind: "unsupported-type"; readonly node: string; readonly typeUrl: string };

interface TypeState {
  subscription: Subscription;
  sent: { version: string; nonce: string } | undefined;
}

/** A stable hash of a response's content: type, names and resource bytes. */
export function contentVersion(
  typeUrl: string,
  resources: readonly { name: string; any: { typeUrl: string; value: Uint8Array } }[],
): string {
  const h = createHash("sha256").update(typeUrl);
  for (const r of resources) h.update(`\0${r.name}\0${r.any.typeUrl}\0`).update(r.any.value);
  return h.digest("hex").slice(0, 16);
}

const sameNames = (a: Subscription, b: Subscription): boolean =>
  a.kind === b.kind &&
  (a.kind === "wildcard" ||
    JSON.stringify([...a.names].sort()) === JSON.stringify([...(b as { names: readonly string[] }).names].sort()));

/**
 * The subscription a request asks for (xds_protocol "wildcard"): the first request of a type with no names, or any
 * request naming `*`, is a wildcard; after names have been given, an empty list unsubscribes from everything.
 */
export function subscriptionOf(previous: Subscription | undefined, names: readonly string[]): Subscription {
  if (names.includes("*")) return { kind: "wildcard" };
  if (names.length === 0)
    return previous === undefined || previous.kind === "wildcard" ? { kind: "wildcard" } : { kind: "names", names: [] };
  return { kind: "names", names: [...names] };
}

export class AdsStream {
  private readonly types = new Map<XdsType, TypeState>();
  private nodeId: string | undefined;
  private workload: WorkloadNode | undefined;
  private nonce = 0;

  constructor(
    private snapshot: Snapshot,
    private readonly send: (response: DiscoveryResponse) => void,
    private readonly report: (event: StreamEvent) => void,
    private readonly resolveNode: (snapshot: Snapshot, nodeId: string) => NodeMatch,
  ) {}

  /** Handles one DiscoveryRequest from the client. */
  onRequest(req: DiscoveryRequest): void {
    if (this.nodeId === undefined) this.bindNode(req.node?.id ?? "");
    const type = xdsTypeOf(req.typeUrl);
    const node = this.nodeId ?? "";
    if (type === undefined) return this.report({ kind: "unsupported-type", node, typeUrl: req.typeUrl });
    const state = this.types.get(type);
    const subscription = subscriptionOf(state?.subscription, req.resourceNames);
    if (req.responseNonce !== "") {
      if (state?.sent === undefined || req.responseNonce !== state.sent.nonce) return; // stale nonce: ignore
      if (req.errorDetail !== undefined) {
        this.report({
          kind: "nack",
          node,
          type,
          version: req.versionInfo,
          nonce: req.responseNonce,
          detail: req.errorDetail.message,
        });
      } else {
        this.report({ kind: "ack", node, type, version: req.versionInfo, nonce: req.responseNonce });
      }
      if (sameNames(state.subscription, subscription)) return;
    }
    const next: TypeState = { subscription, sent: state?.sent };
    this.types.set(type, next);
    // An empty named subscription is an unsubscribe: nothing to answer.
    if (subscription.kind === "names" && subscription.names.length === 0) return;
    this.respond(type, next, true);
  }

  /** A new compilation: re-resolve the node and push every subscribed type whose content changed. */
  onSnapshot(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    if (this.nodeId !== undefined) this.bindNode(this.nodeId);
    for (const type of PUSH_ORDER) {
      const state = this.types.get(type);
      if (state?.sent !== undefined) this.respond(type, state, false);
    }
  }

  private bindNode(id: string): void {
    const match = this.resolveNode(this.snapshot, id);
    this.nodeId = id;
    this.workload = match.kind === "workload" ? match.workload : undefined;
    this.report({ kind: "node", node: id, match });
  }

  /** Sends the subscription's resources, unless (`force` false) the content is what was last sent. */
  private respond(type: XdsType, state: TypeState, force: boolean): void {
    const typeUrl = TYPE_URL[type];
    const answered = this.snapshot.answer(this.workload, type, state.subscription);
    const version = contentVersion(typeUrl, answered.resources);
    if (!force && state.sent?.version === version) return;
    for (const message of answered.warnings) this.report({ kind: "warning", node: this.nodeId ?? "", message });
    const nonce = String(++this.nonce);
    state.sent = { version, nonce };
    this.send(
      DiscoveryResponse.create({
        versionInfo: version,
        typeUrl,
        nonce,
        resources: answered.resources.map((r) => r.any),
      }),
    );
    this.report({
      kind: "response",
      node: this.nodeId ?? "",
      type,
      version,
      nonce,
      names: answered.resources.map((r) => r.name),
    });
  }
}
