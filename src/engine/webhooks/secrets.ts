import { createHmac } from 'node:crypto';
import { fail } from '../../core/errors.js';

/**
 * Webhook secrets are derived, not stored (docs/webhooks.md, Secrets): the secret of an
 * endpoint is HMAC-SHA256(server key, "standing-webhook-secret:" id ":" generation), so the
 * database holds only the generation, and a stolen database signs nothing. Rotation bumps the
 * generation; changing STANDING_WEBHOOK_KEY changes every secret at once.
 */
export function webhookSecret(serverKey: string | null, endpointId: string, generation: number): string {
  if (serverKey === null || serverKey.length < 32)
    fail('WEBHOOK_KEY_MISSING', 'set STANDING_WEBHOOK_KEY to a random string of at least 32 characters', {
      field: 'STANDING_WEBHOOK_KEY',
    });
  const mac = createHmac('sha256', serverKey).update(`standing-webhook-secret:${endpointId}:${generation}`).digest();
  return `whsec_${mac.toString('base64')}`;
}
