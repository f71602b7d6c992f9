// The services are declared inside a function nobody calls, so the mesh is empty.
import { namespace, service } from "meshc";

export function declare(): void {
  service("web", { namespace: namespace("shop"), ports: [{ name: "http", port: 80 }], versions: { v1: {} } });
}
