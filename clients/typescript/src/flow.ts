// A short flow through the generated types: register, log in, create an organization, create a contact, list
// contacts. Compiled under `tsc --strict`; run against a live API by scripts/check-client.sh (ATRIUM_API_URL).
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const baseUrl = process.env.ATRIUM_API_URL ?? "http://127.0.0.1:5090";
let passed = 0;

function check(condition: unknown, what: string): asserts condition {
  if (!condition) {
    console.error(`[client] FAILED: ${what}`);
    process.exit(1);
  }
  passed++;
}

const anonymous = createClient<paths>({ baseUrl });
const email = `client.${Date.now()}.${process.pid}@example.com`;
const password = "correct-horse-battery-42";

const registered = await anonymous.POST("/api/v1/auth/register", { body: { email, password, name: "Client Check" } });
check(registered.response.status === 201 && registered.data, `register answers 201 (got ${registered.response.status})`);

const login = await anonymous.POST("/api/v1/auth/login", { body: { email, password } });
check(login.data && "access_token" in login.data, `login answers tokens (got ${login.response.status})`);
const tokens = login.data;
check(tokens.token_type === "bearer", "the token type is bearer");

const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${tokens.access_token}` } });

const organization = await client.POST("/api/v1/organizations", { body: { name: "Client Check Ltd", visibility: "private" } });
check(organization.response.status === 201 && organization.data, `create organization answers 201 (got ${organization.response.status})`);
const organizationId: number = organization.data.id;
check(organization.data.kind === "organization", "the space is an organization");

const tenant = { "X-Organization-Id": organizationId };
const contact = await client.POST("/api/v1/contacts", {
  params: { header: tenant },
  body: { name: "Grace Hopper", email: "grace@example.com" },
});
check(contact.response.status === 201 && contact.data, `create contact answers 201 (got ${contact.response.status})`);

const contacts = await client.GET("/api/v1/contacts", { params: { header: tenant, query: { page: 1, page_size: 20 } } });
check(contacts.data, `list contacts answers 200 (got ${contacts.response.status})`);
const page = contacts.data;
check(page.total === 1 && page.page === 1 && page.page_size === 20, "the page is {items, page, page_size, total}");
check(page.items.some((c) => c.id === contact.data.id && c.name === "Grace Hopper"), "the new contact is listed");

const refused = await client.POST("/api/v1/contacts", { params: { header: tenant }, body: { name: "" } });
check(refused.error && refused.error.code === "validation_failed", "a bad body answers a problem with its code");

console.log(`[client] flow against ${baseUrl}`);
console.log(`[client] flow: all ${passed} checks hold`);
