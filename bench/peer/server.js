// The peer of `scripts/bench.sh http`: three of Atrium's endpoints in Fastify with the `postgres` driver, running the
// service's own SQL and session script (exported by `dotnet run --project bench/Atrium.Bench -- peer-sql DIR`):
// the same HS256 JWT check (issuer, audience, expiry), the same one-round-trip Redis session touch, the same
// membership query (its existence only, sent together with a single read, as the service batches them; the
// member's permissions before a list). Not a product: no validation beyond what these three routes need.
//   PEER_SQL_DIR PEER_PORT DATABASE_URL REDIS_PORT REDIS_PREFIX JWT_KEY JWT_ISSUER JWT_AUDIENCE node server.js
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import postgres from 'postgres';
import Redis from 'ioredis';

const dir = process.env.PEER_SQL_DIR;
const read = (name) => readFileSync(join(dir, name), 'utf8');

// Dapper's @name parameters → $n, in order of first appearance.
function positional(text) {
  const names = [];
  const sql = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name) => {
    let i = names.indexOf(name);
    if (i < 0) { names.push(name); i = names.length - 1; }
    return '$' + (i + 1);
  });
  return { sql, names };
}
const statement = (text) => {
  const { sql, names } = positional(text);
  return (args) => [sql, names.map((n) => args[n])];
};

const member = statement(read('member.sql'));
const isMember = statement(read('is-member.sql'));
const contact = statement(read('contact.sql'));
const [dealsCount, dealsPage] = read('deals.sql').split(/;\s*\n/).filter((s) => s.trim()).map(statement);
const members = statement(read('members.sql'));
const touch = read('touch.lua');

const sql = postgres(process.env.DATABASE_URL, { max: 16, prepare: true, fetch_types: true });
const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), keyPrefix: process.env.REDIS_PREFIX });
redis.defineCommand('touch', { numberOfKeys: 2, lua: touch });

const key = Buffer.from(process.env.JWT_KEY, 'utf8');
const issuer = process.env.JWT_ISSUER ?? 'atrium';
const audience = process.env.JWT_AUDIENCE ?? 'atrium-api';
const idleMs = 120 * 60 * 1000;

function verify(header) {
  if (!header?.startsWith('Bearer ')) return null;
  const [h, p, s] = header.slice(7).split('.');
  if (!s) return null;
  const expected = createHmac('sha256', key).update(h + '.' + p).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (JSON.parse(Buffer.from(h, 'base64url')).alg !== 'HS256') return null;
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  const now = Date.now() / 1000;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== issuer || !aud.includes(audience) || !(claims.exp + 5 > now)) return null;
  return claims;
}

const problem = (reply, status, code) => reply.code(status).type('application/problem+json').send({ status, code });

const app = Fastify({ logger: false });
app.addHook('onRequest', async (request, reply) => {
  const claims = verify(request.headers.authorization);
  if (!claims || !claims.sid) return problem(reply, 401, 'invalid_token');
  const alive = await redis.touch('session:' + claims.sid, 'user-sessions:' + claims.sub, claims.sub, idleMs, Date.now(), claims.sid);
  if (alive !== 1) return problem(reply, 401, 'session_ended');
  request.userId = Number(claims.sub);
});

const memberOf = (kind, spaceId, userId) => member({ callerSpaceId: spaceId, callerUserId: userId, callerSpaceKind: kind });

async function enter(kind, spaceId, userId) {
  const [text, values] = memberOf(kind, spaceId, userId);
  const rows = await sql.unsafe(text, values, { prepare: true });
  return rows[0] ?? null;
}

app.get('/api/v1/contacts/:id', async (request, reply) => {
  const organizationId = Number(request.headers['x-organization-id']);
  if (!(organizationId > 0)) return problem(reply, 400, 'organization_header_invalid');
  // The membership and the read at once (postgres.js pipelines them), the read's rows unused for a stranger.
  const [memberText, memberValues] = isMember({ callerSpaceId: organizationId, callerUserId: request.userId, callerSpaceKind: 'organization' });
  const [text, values] = contact({ organizationId, id: Number(request.params.id) });
  const [found, rows] = await Promise.all([
    sql.unsafe(memberText, memberValues, { prepare: true }),
    sql.unsafe(text, values, { prepare: true }),
  ]);
  if (!found.length) return problem(reply, 404, 'organization_not_found');
  return rows.length ? rows[0] : problem(reply, 404, 'contact_not_found');
});

app.get('/api/v1/deals', async (request, reply) => {
  const organizationId = Number(request.headers['x-organization-id']);
  if (!(organizationId > 0)) return problem(reply, 400, 'organization_header_invalid');
  if (!(await enter('organization', organizationId, request.userId))) return problem(reply, 404, 'organization_not_found');
  const pageSize = Math.min(Number(request.query.page_size ?? 20), 100);
  const page = Math.max(Number(request.query.page ?? 1), 1);
  const args = { organizationId, limit: pageSize, offset: (page - 1) * pageSize };
  const [countText, countValues] = dealsCount(args);
  const [pageText, pageValues] = dealsPage(args);
  const [count, items] = await Promise.all([
    sql.unsafe(countText, countValues, { prepare: true }),
    sql.unsafe(pageText, pageValues, { prepare: true }),
  ]);
  return { items, page, page_size: pageSize, total: Number(count[0].count) };
});

app.get('/api/v1/projects/:id/members', async (request, reply) => {
  const spaceId = Number(request.params.id);
  if (!(await enter('project', spaceId, request.userId))) return problem(reply, 404, 'project_not_found');
  const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const pageSize = Math.min(Number(request.query.page_size ?? 20), 100);
  const page = Math.max(Number(request.query.page ?? 1), 1);
  const [text, values] = members({
    spaceId, kind: 'project', permissions: list(request.query.permission),
    groupTokens: list(request.query.group).map((g) => -Number(g)), limit: pageSize, offset: (page - 1) * pageSize,
  });
  const rows = await sql.unsafe(text, values, { prepare: true });
  const json = Object.values(rows[0])[0];
  return { items: json.items, page, page_size: pageSize, total: json.total };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PEER_PORT ?? 5192) });
