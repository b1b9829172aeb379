/**
 * Runs in every test worker before its tests. The tests talk only to local stand-ins signed with
 * each world's own random credentials; a developer's own AWS settings must neither change what they
 * sign with nor ever be sent anywhere by a test. Child processes the tests start inherit this.
 */
for (const name of Object.keys(process.env)) {
  if (name.startsWith('AWS_')) delete process.env[name];
}
