// Additional authenticated data for each stored secret. These strings are part of
// every stored ciphertext: changing one makes existing rows undecryptable.

/** AAD for Instance.encryptedSecret (the PAT or OAT) of instance `id`. */
export function instanceSecretAad(id: string): string {
  return `instance:${id}:secret`;
}

/** AAD for HubTokenCache.encryptedToken (the Hub JWT) of instance `instanceId`. */
export function hubTokenAad(instanceId: string): string {
  return `instance:${instanceId}:jwt`;
}

/** AAD for WebhookEndpoint.encryptedSecret (the HMAC signing secret) of endpoint `id`. */
export function webhookSecretAad(id: string): string {
  return `webhook:${id}:secret`;
}
