// panva's oidc-provider as an independent peer of toets's suite. Started by
// internal/peers/oidcprovider.go, which writes the configuration file named
// by TOETS_OP_CONFIG (certificate and key paths, clients, users) into a
// folder only its user can enter, and reads the issuer from the first line
// this process prints on stdout.
//
// Everything a deployment of oidc-provider has to supply itself is here and
// kept plain: the HTTPS listener on 127.0.0.1, the accounts, and the
// interaction pages (login and consent as HTML forms without JavaScript, so
// that both toets agents can use them; oidc-provider's own devInteractions
// take any password and load a web font from the internet). The protocol is
// oidc-provider's alone.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.env.TOETS_OP_CONFIG, 'utf8'));

// The parent holds our stdin open; when it is gone, so are we.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));

const users = new Map(config.users.map((u) => [u.username, u]));

// An API known by its resource indicator (RFC 8707): the only resource
// besides the UserInfo endpoint, with JWT access tokens (RFC 9068).
const api = config.api;

function html(strings, ...values) {
  const esc = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return strings.reduce((out, s, i) => out + s + (i < values.length ? esc(values[i]) : ''), '');
}

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
${body}
</body></html>`;
}

// Headers the TLS-terminating front of a careful deployment adds: HSTS on
// every response, no framing and no caching of the interaction pages.
function frontHeaders(res) {
  res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

function send(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.end(body);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function loginPage(uid, message) {
  const error = message ? html`<p id="error">${message}</p>\n` : '';
  return page('Sign in', error + html`<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<label>Username <input id="username" name="username" autofocus></label>
<label>Password <input id="password" name="password" type="password"></label>
<button id="login" type="submit">Sign in</button>
</form>`);
}

function consentPage(uid, client, details) {
  const scopes = [...(details.missingOIDCScope || [])];
  for (const [indicator, s] of Object.entries(details.missingResourceScopes || {})) {
    scopes.push(...s.map((x) => `${x} (${indicator})`));
  }
  const items = scopes.map((s) => html`<li>${s}</li>`).join('');
  return page('Authorize', html`<p>${client.clientName || client.clientId} asks for access to:</p>`
    + `<ul>${items}</ul>`
    + html`<form method="post" action="/interaction/${uid}/confirm"><button id="approve" type="submit">Allow</button></form>
<form method="post" action="/interaction/${uid}/abort"><button id="deny" type="submit">Deny</button></form>`);
}

async function interaction(provider, req, res, path) {
  const [uid, action] = path.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, page('Error', '<p>This sign-in has expired.</p>'));
    return;
  }
  const { prompt, params, session, grantId } = details;
  if (req.method === 'GET' && !action) {
    const client = await provider.Client.find(params.client_id);
    send(res, 200, prompt.name === 'login' ? loginPage(uid) : consentPage(uid, client, prompt.details));
    return;
  }
  if (req.method !== 'POST') {
    send(res, 405, page('Error', '<p>Method not allowed.</p>'));
    return;
  }
  const form = await readForm(req);
  switch (action) {
    case 'login': {
      const user = users.get(form.get('username') || '');
      const given = Buffer.from(form.get('password') || '');
      const want = Buffer.from(user ? user.password : '');
      if (prompt.name !== 'login' || !user || given.length !== want.length || !crypto.timingSafeEqual(given, want)) {
        send(res, 200, loginPage(uid, 'Wrong username or password.'));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
      return;
    }
    case 'confirm': {
      if (prompt.name !== 'consent') {
        send(res, 400, page('Error', '<p>Nothing to approve.</p>'));
        return;
      }
      const grant = grantId
        ? await provider.Grant.find(grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      for (const [indicator, s] of Object.entries(prompt.details.missingResourceScopes || {})) {
        grant.addResourceScope(indicator, s.join(' '));
      }
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      return;
    }
    case 'abort':
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'End-User denied the request',
      }, { mergeWithLastSubmission: false });
      return;
    default:
      send(res, 404, page('Error', '<p>Not found.</p>'));
  }
}

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: crypto.randomUUID() };

const server = https.createServer({
  cert: fs.readFileSync(config.cert),
  key: fs.readFileSync(config.key),
  minVersion: 'TLSv1.2',
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `https://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    async findAccount(ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: user.name, preferred_username: user.username };
        },
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    scopes: ['openid', 'offline_access', 'profile'],
    // The code flow only (RFC 9700 §2.1.2).
    responseTypes: ['code'],
    // PKCE with S256 for every client (the default policy of this
    // version); plain is not offered.
    pkce: { methods: ['S256'], required: () => true },
    // A refresh token for every client registered for the grant. The
    // default asks for offline_access, which OIDC Core §11 grants only with
    // prompt=consent: toets sends no prompt.
    async issueRefreshToken(ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (ctx, client) => client.clientAuthMethod !== 'none' },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => undefined,
        useGrantedResource: async () => false,
        async getResourceServerInfo(ctx, indicator) {
          if (indicator !== api.indicator) throw new Provider.errors.InvalidTarget();
          return { scope: api.scope, audience: api.indicator, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    interactions: { url: (ctx, i) => `/interaction/${i.uid}` },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.set('X-Frame-Options', 'DENY');
      ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
      ctx.body = page('Sign-in failed', Object.entries(out).map(([k, v]) => html`<p><strong>${k}</strong>: ${v}</p>`).join('\n'));
    },
  });
  provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));
  // Every refusal in one line each, for the test's log (no parameters:
  // some requests of the suite carry a secret where it does not belong).
  for (const event of ['authorization.error', 'grant.error', 'introspection.error', 'revocation.error', 'userinfo.error']) {
    provider.on(event, (ctx, err) => console.error(`${event}: ${err.error} (${err.error_description})`));
  }
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    frontHeaders(res);
    const path = new URL(req.url, issuer).pathname;
    if (!path.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    try {
      await interaction(provider, req, res, path.slice('/interaction/'.length));
    } catch (err) {
      console.error('interaction:', err);
      if (!res.headersSent) send(res, 400, page('Sign-in failed', html`<p>${err.message}</p>`));
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
