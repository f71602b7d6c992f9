// The server-side Istio mTLS transport socket of inbound chains (istio pilot/pkg/security/authn/utils/utils.go
// `BuildInboundTLS`, pilot/pkg/security/model/authentication.go `ApplyToCommonTLSContext`, SDS names from
// pkg/model/authentication.go: `default` for the workload certificate, `ROOTCA` for the trust bundle).
import {
  ApiConfigSource,
  ApiConfigSource_ApiType,
  ApiVersion,
  ConfigSource,
} from "../gen/envoy/config/core/v3/config_source.ts";
import { TransportSocket } from "../gen/envoy/config/core/v3/base.ts";
import { GrpcService, GrpcService_EnvoyGrpc } from "../gen/envoy/config/core/v3/grpc_service.ts";
import { SdsSecretConfig } from "../gen/envoy/extensions/transport_sockets/tls/v3/secret.ts";
import { TlsParameters, TlsParameters_TlsProtocol } from "../gen/envoy/extensions/transport_sockets/tls/v3/common.ts";
import {
  CommonTlsContext,
  CommonTlsContext_CombinedCertificateValidationContext,
  DownstreamTlsContext,
} from "../gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { CertificateValidationContext } from "../gen/envoy/extensions/transport_sockets/tls/v3/common.ts";
import { StringMatcher } from "../gen/envoy/type/matcher/v3/string.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";
import { packAny } from "../registry.ts";

/** ALPN the server offers on HTTP chains (`util.ALPNHttp`): never `istio`, which would break h2 negotiation. */
export const ALPN_HTTP = ["h2", "http/1.1"];
/** ALPN on TCP chains with metadata exchange (`util.ALPNDownstreamWithMxc`). */
export const ALPN_DOWNSTREAM_WITH_MXC = ["istio-peer-exchange", "h2", "http/1.1"];

/** istiod's default server cipher suites (`security.DefaultCipherSuites`, used when meshMTLS sets none). */
const CIPHER_SUITES = [
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "AES256-GCM-SHA384",
  "AES128-GCM-SHA256",
];

/** The SDS source: istio-agent's SDS server behind the `sds-grpc` bootstrap cluster (`model.ConstructSdsSecretConfig`). */
function sdsSecret(name: string): SdsSecretConfig {
  const sdsConfig = ConfigSource.create({
    configSourceSpecifier: {
      oneofKind: "apiConfigSource",
      apiConfigSource: ApiConfigSource.create({
        apiType: ApiConfigSource_ApiType.GRPC,
        setNodeOnFirstMessageOnly: true,
        transportApiVersion: ApiVersion.V3,
        grpcServices: [
          GrpcService.create({
            targetSpecifier: {
              oneofKind: "envoyGrpc",
              envoyGrpc: GrpcService_EnvoyGrpc.create({ clusterName: "sds-grpc" }),
            },
          }),
        ],
      }),
    },
    initialFetchTimeout: Duration.create({ seconds: "0" }),
    resourceApiVersion: ApiVersion.V3,
  });
  return SdsSecretConfig.create({ name, sdsConfig });
}

/**
 * The `envoy.transport_sockets.tls` socket that terminates Istio mTLS: client certificate required, SANs limited to
 * the mesh's trust domains (`spiffe://<td>/` prefixes, meshConfig trustDomain + aliases, `TrustDomainsForValidation`).
 */
export function inboundMtlsSocket(alpn: readonly string[], trustDomains: readonly string[]): TransportSocket {
  const common = CommonTlsContext.create({
    tlsParams: TlsParameters.create({
      tlsMinimumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_2,
      tlsMaximumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_3,
      cipherSuites: CIPHER_SUITES,
    }),
    alpnProtocols: [...alpn],
    tlsCertificateSdsSecretConfigs: [sdsSecret("default")],
    validationContextType: {
      oneofKind: "combinedValidationContext",
      combinedValidationContext: CommonTlsContext_CombinedCertificateValidationContext.create({
        defaultValidationContext: CertificateValidationContext.create({
          matchSubjectAltNames: trustDomains.map((td) =>
            StringMatcher.create({ matchPattern: { oneofKind: "prefix", prefix: `spiffe://${td}/` } }),
          ),
        }),
        validationContextSdsSecretConfig: sdsSecret("ROOTCA"),
      }),
    },
  });
  const context = DownstreamTlsContext.create({ commonTlsContext: common, requireClientCertificate: { value: true } });
  return TransportSocket.create({
    name: "envoy.transport_sockets.tls",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(DownstreamTlsContext, context) },
  });
}
