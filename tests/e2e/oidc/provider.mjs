// A real OpenID Connect provider for the sign-in browser tests, on this machine only.
//   node provider.mjs PORT CONFIG.json
// CONFIG.json: {"client": {client_id, client_secret, redirect_uri}, "users": users.json's content}.
// oidc-provider (npm) with its development sign-in pages: a login form and a consent page. The login
// is the user's e-mail and must be one of the test users; the development form ignores the password
// (this provider only ever runs inside the tests). Prints "ready ISSUER" once it listens.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, configFile] = process.argv.slice(2);
const { client, users } = JSON.parse(readFileSync(configFile, 'utf8'));
const byEmail = Object.fromEntries(Object.values(users).map((u) => [u.email, u]));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: [client.redirect_uri],
    post_logout_redirect_uris: [client.redirect_uri], // Streamlit returns to its callback after sign-out
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // st.user is read from the ID token: put the profile and e-mail claims in it, not only in /userinfo.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    // the default sign-out page loads a web font from an outside host: this one asks nothing outside
    rpInitiatedLogout: {
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head>
          <body><h1>Sign out of the test provider?</h1>${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
          </body></html>`;
      },
    },
  },
  cookies: { keys: ['test-only-cookie-key'] },
  async findAccount(ctx, id) {
    const user = byEmail[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return { ...user };
      },
    };
  },
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
