/** 1200–1299: YAML inputs (syntax, document shape, schema). */
import { diag } from "../diagnostic.ts";

export const yamlMessages = {} as const;
