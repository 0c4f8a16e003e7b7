// A local OpenID Connect provider for development and tests (SPEC section 10):
// the npm package oidc-provider (pinned in package-lock.json) with the
// identities of identities.json, re-read at every sign-in so that a test can
// change an identity's org unit between two sign-ins.
//
//   node idp/server.mjs   (make idp)
//
// Environment: IDP_PORT (9000), IDP_ISSUER (http://localhost:$IDP_PORT),
// IDP_IDENTITIES (idp/identities.json), IDP_REDIRECT_URIS (space separated;
// http://localhost:8080/Plone/acl_users/oidc/callback), IDP_CLIENT_ID and
// IDP_CLIENT_SECRET (casemgmt), IDP_CODE_TTL (seconds, 60).
// Claims: Feide's standard userinfo (sub, name, email) and, under the scope
// groups-org, eduPersonAffiliation and eduPersonPrimaryOrgUnitDN as Feide's
// extended userinfo names them. GET /userinfo/v1/userinfo (Bearer access
// token) is a Feide-like extended userinfo with those two claims; with
// IDP_FEIDE_LIKE=1 the standard userinfo leaves them out, as Feide does.

import Provider from 'oidc-provider';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const port = Number(process.env.IDP_PORT || 9000);
const issuer = process.env.IDP_ISSUER || `http://localhost:${port}`;
const identitiesFile =
  process.env.IDP_IDENTITIES || fileURLToPath(new URL('identities.json', import.meta.url));
const redirectUris = (
  process.env.IDP_REDIRECT_URIS || 'http://localhost:8080/Plone/acl_users/oidc/callback'
).split(/\s+/).filter(Boolean);
const SCOPES = ['openid', 'profile', 'email', 'groups-org'];
const EXTENDED_CLAIMS = ['eduPersonAffiliation', 'eduPersonPrimaryOrgUnitDN'];
const feideLike = process.env.IDP_FEIDE_LIKE === '1';

/** The identities, read anew each time (tests change them between sign-ins). */
function identities() {
  return JSON.parse(readFileSync(identitiesFile, 'utf8'));
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.IDP_CLIENT_ID || 'casemgmt',
    client_secret: process.env.IDP_CLIENT_SECRET || 'casemgmt',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris.map((uri) => uri.replace(/\/acl_users\/.*$/, '')),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  scopes: SCOPES,
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email', 'email_verified'],
    'groups-org': feideLike ? [] : EXTENDED_CLAIMS,
  },
  async findAccount(ctx, id) {
    const person = identities()[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        const { password, ...claims } = person; // eslint-disable-line no-unused-vars
        return { sub: id, email_verified: true, ...claims };
      },
    };
  },
  // A first-party client: no consent screen, every scope it asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPES.join(' '));
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // The site sends PKCE (S256); requiring it proves that it does.
  pkce: { required: () => true },
  ttl: { AuthorizationCode: Number(process.env.IDP_CODE_TTL || 60) },
  cookies: { keys: [randomBytes(32).toString('hex')] },
});
provider.proxy = false;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Feide (local)</title></head><body><main>${body}</main></body></html>`);
}

function loginForm(res, uid, message = '') {
  page(res, message ? 401 : 200, `<h1>Log in with Feide (local test provider)</h1>
${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="username">User name</label> <input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Log in</button></p></form>`);
}

async function body(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

/** The log-in page: a user name and password of identities.json. */
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return page(res, 400, '<h1>Unknown interaction</h1>');
  if (details.prompt.name !== 'login') {
    // consent: the grant is made by loadExistingGrant
    return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  }
  if (req.method !== 'POST' || action !== 'login') return loginForm(res, uid);
  const form = await body(req);
  const person = identities()[form.get('username')];
  if (!person || person.password !== form.get('password')) {
    return loginForm(res, uid, 'Wrong user name or password.');
  }
  return provider.interactionFinished(
    req, res, { login: { accountId: form.get('username') } }, { mergeWithLastSubmission: false },
  );
}

function json(res, status, data, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(data));
}

/** Feide's extended userinfo: the identity's affiliation and org unit for
 * a valid access token with the scope groups-org. */
async function extendedUserinfo(req, res) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || '');
  const challenge = { 'www-authenticate': 'Bearer error="invalid_token"' };
  const token = match && await provider.AccessToken.find(match[1]);
  if (!token || token.isExpired) return json(res, 401, { error: 'invalid_token' }, challenge);
  if (!token.scopes.has('groups-org')) return json(res, 403, { error: 'insufficient_scope' });
  const person = identities()[token.accountId];
  if (!person) return json(res, 401, { error: 'invalid_token' }, challenge);
  const claims = {};
  for (const name of EXTENDED_CLAIMS) {
    if (person[name] !== undefined) claims[name] = person[name];
  }
  return json(res, 200, claims);
}

const callback = provider.callback();
createServer(async (req, res) => {
  if (req.method === 'GET' && /^\/userinfo\/v1\/userinfo(?:\?.*)?$/.test(req.url)) {
    try {
      return await extendedUserinfo(req, res);
    } catch (err) {
      return json(res, 401, { error: 'invalid_token' });
    }
  }
  const match = /^\/interaction\/([^/?]+)(?:\/(login))?(?:\?.*)?$/.exec(req.url);
  if (!match) return callback(req, res);
  try {
    return await interaction(req, res, match[1], match[2]);
  } catch (err) {
    return page(res, 400, `<h1>Sign-in failed</h1><p>${escape(err.message)}</p>`);
  }
}).listen(port, '127.0.0.1', () => {
  console.log(`OpenID Connect provider ${issuer} (identities: ${identitiesFile})`);
});
