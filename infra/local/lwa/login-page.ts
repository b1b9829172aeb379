/**
 * The local "Sign in with Amazon" page: pick one of the local accounts and allow or deny the
 * request. It posts back to /ap/oa with the authorization request's parameters.
 */
import type { LocalUser } from './users.js';
import { escapeHtml } from '../../shared/http.js';

export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

export function loginPage(params: AuthorizeParams, users: LocalUser[], error?: string): string {
  const hidden = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(String(v))}">`)
    .join('\n      ');
  const choices = users
    .map(
      (u, i) => `<label class="user"><input type="radio" name="email" value="${escapeHtml(u.email)}"${i === 0 ? ' checked' : ''}>
        <span><strong>${escapeHtml(u.name)}</strong> ${escapeHtml(u.email)}</span></label>`,
    )
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in (local Login with Amazon)</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f3f3f3; margin: 0; display: grid; place-items: center; min-height: 100vh; }
    form { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 24px 28px; width: 340px; }
    h1 { font-size: 20px; margin: 0 0 4px; }
    p.note { color: #555; font-size: 13px; margin: 0 0 16px; }
    label.user { display: flex; gap: 10px; align-items: center; padding: 8px 0; }
    .scope { font-size: 13px; color: #333; margin: 12px 0; }
    .error { color: #b00020; font-size: 14px; }
    .buttons { display: flex; gap: 8px; margin-top: 16px; }
    button { flex: 1; padding: 10px; border-radius: 6px; border: 1px solid #a88734; background: #f0c14b; font-size: 15px; cursor: pointer; }
    button[value=deny] { background: #eee; border-color: #bbb; }
  </style>
</head>
<body>
  <form method="post" action="/ap/oa">
    <h1>Sign in</h1>
    <p class="note">Local Login with Amazon: no real account is used.</p>
    ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
      ${hidden}
      ${choices}
    <p class="scope">The application asks for: <code>${escapeHtml(params.scope)}</code></p>
    <div class="buttons">
      <button type="submit" name="decision" value="allow">Allow</button>
      <button type="submit" name="decision" value="deny">Cancel</button>
    </div>
  </form>
</body>
</html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head>
<body style="font-family: system-ui, sans-serif; padding: 32px"><h1>Sign-in error</h1><p>${escapeHtml(message)}</p></body></html>`;
}
