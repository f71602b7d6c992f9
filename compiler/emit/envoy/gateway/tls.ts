// The DownstreamTlsContext of a gateway server that terminates TLS: istio pilot/pkg/networking/core/gateway.go
// `buildGatewayListenerTLSContext` → listener.go `BuildListenerTLSContext`:
//   - ALPN `h2, http/1.1` (`util.ALPNHttp`); a TLS (non-HTTPS) server in ISTIO_MUTUAL mode offers
//     `istio-peer-exchange, h2, http/1.1` (`util.ALPNDownstreamWithMxc`);
//   - `require_client_certificate`: true for MUTUAL and ISTIO_MUTUAL, false otherwise (OPTIONAL_MUTUAL validates a
//     certificate the client presents without requiring one);
//   - ISTIO_MUTUAL: the workload certificate (SDS `default`) and the mesh CA (SDS `ROOTCA`), SANs from
//     `subjectAltNames` (security/model `ApplyToCommonTLSContext`);
//   - `credentialName`: the certificate from istiod over ADS as `kubernetes://<name>`, and for MUTUAL the CA as
//     `kubernetes://<name>-cacert` (`ApplyCredentialSDSToServerCommonTLSContext`, `ConstructSdsSecretConfigForCredential`);
//   - else the files of `serverCertificate`/`privateKey` (SDS `file-cert:<cert>~<key>`) and, when clients are
//     validated, `caCertificates` (`file-root:<ca>`);
//   - SIMPLE/MUTUAL: `minProtocolVersion`, `maxProtocolVersion`, `cipherSuites` (`applyServerTLSSettings`).
// Left out: MeshConfig `tlsDefaults`, `caCrl`, `credentialNames`/`tlsCertificates` lists, `caCertCredentialName`,
// `verifyCertificateSpki`/`verifyCertificateHash`, and a SIMPLE server's `subjectAltNames` (istiod's validation
// context without a CA, which Envoy refuses: "SAN-based verification of peer certificates without trusted CA").
import type { Server } from "../../../ir/istio-api.ts";
import { TransportSocket } from "../gen/envoy/config/core/v3/base.ts";
import {
  CertificateValidationContext,
  TlsParameters,
  TlsParameters_TlsProtocol,
} from "../gen/envoy/extensions/transport_sockets/tls/v3/common.ts";
import {
  CommonTlsContext,
  CommonTlsContext_CombinedCertificateValidationContext,
  DownstreamTlsContext,
} from "../gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import type { SdsSecretConfig } from "../gen/envoy/extensions/transport_sockets/tls/v3/secret.ts";
import { adsSecretConfig, boolValue, sdsSecretConfig } from "../proto.ts";
import { packAny } from "../registry.ts";
import { stringMatcher } from "../outbound/route-match.ts";

/** `util.ALPNHttp`. */
const ALPN_HTTP = ["h2", "http/1.1"];
/** `util.ALPNDownstreamWithMxc`. */
const ALPN_DOWNSTREAM_WITH_MXC = ["istio-peer-exchange", "h2", "http/1.1"];

const PROTOCOLS: Readonly<Record<string, TlsParameters_TlsProtocol>> = {
  TLSV1_0: TlsParameters_TlsProtocol.TLSv1_0,
  TLSV1_1: TlsParameters_TlsProtocol.TLSv1_1,
  TLSV1_2: TlsParameters_TlsProtocol.TLSv1_2,
  TLSV1_3: TlsParameters_TlsProtocol.TLSv1_3,
};

function combined(sans: readonly string[], ca: SdsSecretConfig): CommonTlsContext["validationContextType"] {
  return {
    oneofKind: "combinedValidationContext",
    combinedValidationContext: CommonTlsContext_CombinedCertificateValidationContext.create({
      defaultValidationContext: CertificateValidationContext.create({
        matchSubjectAltNames: sans.map((exact) => stringMatcher({ exact })),
      }),
      validationContextSdsSecretConfig: ca,
    }),
  };
}

/** `BuildListenerTLSContext` for a terminating gateway server (`tcpServer`: a TLS server, not HTTPS). */
export function gatewayTlsContext(server: Server, tcpServer: boolean): DownstreamTlsContext {
  const tls = server.tls!;
  const mode = tls.mode ?? "PASSTHROUGH";
  const common = CommonTlsContext.create({
    alpnProtocols: mode === "ISTIO_MUTUAL" && tcpServer ? ALPN_DOWNSTREAM_WITH_MXC : ALPN_HTTP,
  });
  const requireClient = mode === "MUTUAL" || mode === "ISTIO_MUTUAL";
  const validateClient = requireClient || mode === "OPTIONAL_MUTUAL";
  const sans = tls.subjectAltNames ?? [];
  if (mode === "ISTIO_MUTUAL") {
    common.tlsCertificateSdsSecretConfigs = [sdsSecretConfig("default")];
    common.validationContextType = combined(sans, sdsSecretConfig("ROOTCA"));
  } else if (tls.credentialName !== undefined && tls.credentialName !== "") {
    common.tlsCertificateSdsSecretConfigs = [adsSecretConfig(`kubernetes://${tls.credentialName}`)];
    if (mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL")
      common.validationContextType = combined(sans, adsSecretConfig(`kubernetes://${tls.credentialName}-cacert`));
  } else {
    if (tls.serverCertificate !== undefined && tls.privateKey !== undefined)
      common.tlsCertificateSdsSecretConfigs = [sdsSecretConfig(`file-cert:${tls.serverCertificate}~${tls.privateKey}`)];
    if (validateClient && tls.caCertificates !== undefined)
      common.validationContextType = combined(sans, sdsSecretConfig(`file-root:${tls.caCertificates}`));
  }
  if (mode === "SIMPLE" || mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL") {
    const min = PROTOCOLS[tls.minProtocolVersion ?? ""];
    const max = PROTOCOLS[tls.maxProtocolVersion ?? ""];
    const ciphers = tls.cipherSuites ?? [];
    if (min !== undefined || max !== undefined || ciphers.length > 0) {
      common.tlsParams = TlsParameters.create({
        tlsMinimumProtocolVersion: min ?? TlsParameters_TlsProtocol.TLS_AUTO,
        tlsMaximumProtocolVersion: max ?? TlsParameters_TlsProtocol.TLS_AUTO,
        cipherSuites: [...ciphers],
      });
    }
  }
  return DownstreamTlsContext.create({ commonTlsContext: common, requireClientCertificate: boolValue(requireClient) });
}

/** `buildDownstreamTLSTransportSocket`. */
export function downstreamTlsSocket(ctx: DownstreamTlsContext): TransportSocket {
  return TransportSocket.create({
    name: "envoy.transport_sockets.tls",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(DownstreamTlsContext, ctx) },
  });
}
