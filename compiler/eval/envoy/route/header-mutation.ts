/**
 * `*_headers_to_add` / `*_headers_to_remove` as Envoy applies them (envoy `source/common/router/header_parser.cc`
 * `HeaderParser::evaluateHeaders`): removals first, then each value is formatted; an empty result is skipped unless
 * `keep_empty_value`; `append_action` decides (checked against the headers as they were before this parser):
 * APPEND_IF_EXISTS_OR_ADD adds, ADD_IF_ABSENT adds only when absent, OVERWRITE_IF_EXISTS_OR_ADD replaces,
 * OVERWRITE_IF_EXISTS replaces only when present. Overwrites are applied before additions. The deprecated `append`
 * BoolValue maps true → APPEND_IF_EXISTS_OR_ADD, false → OVERWRITE_IF_EXISTS_OR_ADD.
 *
 * Order across levels (config_impl.cc `getHeaderParsers`): weighted cluster → route → virtual host → route
 * configuration, "later evaluated parser wins"; reversed (most specific last) with `most_specific_header_mutations_wins`.
 */
import {
  HeaderValueOption_HeaderAppendAction as Action,
  type HeaderValueOption,
} from "../../../emit/envoy/gen/envoy/config/core/v3/base.ts";
import type { HeaderMap } from "./header-map.ts";

/** One level's mutations. */
export interface HeaderMutations {
  readonly toAdd: readonly HeaderValueOption[];
  readonly toRemove: readonly string[];
}

/** What `%OPERATOR%` substitutions read (the stream's addresses; request headers for `%REQ(x)%`). */
export interface FormatContext {
  readonly downstreamRemoteAddress: string;
  readonly requestHeaders: HeaderMap;
}

export function applyHeaderMutations(headers: HeaderMap, m: HeaderMutations, ctx: FormatContext): void {
  for (const name of m.toRemove) headers.remove(name);
  const overwrite: [string, string][] = [];
  const add: [string, string][] = [];
  for (const option of m.toAdd) {
    const key = option.header?.key ?? "";
    const value = formatHeaderValue(option.header?.value ?? "", ctx);
    if (value === "" && !option.keepEmptyValue) continue;
    switch (appendAction(option)) {
      case Action.APPEND_IF_EXISTS_OR_ADD:
        add.push([key, value]);
        break;
      case Action.ADD_IF_ABSENT:
        if (!headers.has(key)) add.push([key, value]);
        break;
      case Action.OVERWRITE_IF_EXISTS:
        if (headers.has(key)) overwrite.push([key, value]);
        break;
      case Action.OVERWRITE_IF_EXISTS_OR_ADD:
        overwrite.push([key, value]);
        break;
    }
  }
  for (const [k, v] of overwrite) headers.set(k, v);
  for (const [k, v] of add) headers.add(k, v);
}

function appendAction(o: HeaderValueOption): Action {
  if (o.append !== undefined)
    return o.append.value ? Action.APPEND_IF_EXISTS_OR_ADD : Action.OVERWRITE_IF_EXISTS_OR_ADD;
  return o.appendAction;
}

/**
 * The header value formatter (envoy `source/common/formatter/substitution_formatter.cc`, custom request headers
 * docs <https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers#custom-request-response-headers>):
 * `%%` is `%`; the downstream address operators and `%REQ(name)%` are modelled; any other operator formats as "".
 */
export function formatHeaderValue(template: string, ctx: FormatContext): string {
  return template.replace(
    /%%|%([A-Z_0-9]+)(?:\(([^)]*)\))?%/g,
    (all, op: string | undefined, arg: string | undefined) => {
      if (all === "%%") return "%";
      switch (op) {
        case "DOWNSTREAM_REMOTE_ADDRESS":
        case "DOWNSTREAM_DIRECT_REMOTE_ADDRESS":
          return ctx.downstreamRemoteAddress;
        case "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT":
        case "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT":
          return withoutPort(ctx.downstreamRemoteAddress);
        case "REQ":
          return ctx.requestHeaders.getFirst((arg ?? "").split("?")[0] ?? "") ?? "";
        case undefined:
        default:
          return "";
      }
    },
  );
}

function withoutPort(address: string): string {
  if (address.startsWith("[")) return address.slice(1, address.indexOf("]"));
  const colon = address.lastIndexOf(":");
  return colon < 0 ? address : address.slice(0, colon);
}
