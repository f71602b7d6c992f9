/** 1100–1199: the mesh.ts DSL (values recorded by stdlib, lowered to documents). */
import { diag } from "../diagnostic.ts";

export const dslMessages = {} as const;
