import { z } from "zod";
import type { RouteDef } from "./route.js";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["id", "message"],
      properties: {
        id: { type: "string", description: "Stable machine-readable id, e.g. `invalid_input`, `forbidden`, `invitation_expired`." },
        message: { type: "string", description: "French message for the user." },
        field: { type: "string", description: "The invalid field, for 400 errors." },
      },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** Builds the OpenAPI 3.1 document from the routes the server runs. */
export function buildOpenApi(routes: RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const path = "/api" + def.path.replace(/:(\w+)/g, "{$1}");
    const params: Record<string, unknown>[] = [...def.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    for (const [name, description] of Object.entries(def.query ?? {})) params.push({ name, in: "query", required: false, description, schema: { type: "string" } });
    const responses: Record<string, unknown> = {
      [def.method == "post" && def.responds.startsWith("201") ? "201" : def.responds.startsWith("204") ? "204" : "200"]: {
        description: def.responds,
        ...(def.produces ? { content: { [def.produces]: { schema: { type: "string", format: "binary" } } } } : {}),
      },
    };
    if (def.query) responses["400"] = errorResponse("Invalid query parameter; `error.field` names it.");
    if (def.body) {
      responses["400"] = errorResponse("Invalid input; `error.field` names the field.");
      responses["413"] = errorResponse("Body larger than the configured limit.");
    }
    if (!("public" in def.access)) responses["401"] = errorResponse("No token, or an invalid, expired or logged-out one.");
    if ("platform" in def.access || "charter" in def.access) responses["403"] = errorResponse(`Not allowed (${Object.values(def.access)[0]}).`);
    if ("charter" in def.access) {
      responses["404"] = errorResponse("No such charter.");
      responses["409"] = errorResponse("Not possible in the charter's current state, or conflicting with it.");
    }
    if (def.path == "/auth/login") responses["429"] = errorResponse("Too many failed attempts.");
    if (def.budget) responses["429"] = errorResponse(`Over the user's budget of ${def.budget} (see Retry-After).`);
    paths[path] ??= {};
    paths[path][def.method] = {
      summary: def.summary,
      tags: [def.tag],
      ...("public" in def.access ? { security: [] } : {}),
      ...("charter" in def.access ? { "x-permission": def.access.charter } : "platform" in def.access ? { "x-permission": def.access.platform } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(def.body ? { requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(def.body, { io: "input", unrepresentable: "any" }) } } } } : {}),
      ...(!def.body && def.consumes ? { requestBody: { required: true, content: Object.fromEntries(Object.entries(def.consumes).map(([type, schema]) => [type, { schema }])) } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Charte API",
      version: "1.0.0",
      description: "Co-writing, signing and following up a département's charter for preventing rental evictions. Errors are `{error: {id, message, field?}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
