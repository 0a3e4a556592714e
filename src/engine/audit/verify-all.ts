import type { CrossCheck } from './cross-check.js';
import { verifyAccounts, verifyApiKeys, verifyPasswords } from './verify-accounts.js';
import { verifyAppeals } from './verify-appeals.js';
import { verifyAuthorities } from './verify-authorities.js';
import { verifyConsents } from './verify-consents.js';
import { verifyContacts } from './verify-contacts.js';
import { verifyDisputeDeadlines } from './verify-dispute-deadlines.js';
import { verifyDisputes } from './verify-disputes.js';
import { verifyEntitlements } from './verify-entitlements.js';
import { verifyExemptions } from './verify-exemptions.js';
import { verifyGrants } from './verify-grants.js';
import { verifyListings } from './verify-listings.js';
import { verifyManualListings } from './verify-manual-listings.js';
import { verifyNoticeColumns, verifyNotices } from './verify-notices.js';
import { verifyRecords } from './verify-records.js';
import { verifySanctions } from './verify-sanctions.js';
import { verifySchemes } from './verify-schemes.js';
import { verifyShares } from './verify-shares.js';
import { verifyAppealBodies, verifyLiftedNotices, verifySecondInstances } from './verify-second-instances.js';
import { verifyPasses } from './verify-passes.js';
import { verifyReports, verifyReportSettings } from './verify-reports.js';
import { verifyWebhooks } from './verify-webhooks.js';
import { verifyCandidates, verifyPublishGates } from './verify-candidates.js';

/**
 * Every concept `audit verify` compares with the log, in the order their problems are
 * reported. Each call makes fresh checks (they hold what the walk learned).
 */
export function crossChecks(): CrossCheck[] {
  return [
    verifyRecords(),
    verifySchemes(),
    verifyListings(),
    verifyManualListings(),
    verifySanctions(),
    verifyNotices(),
    verifyNoticeColumns(),
    verifyAppeals(),
    verifyDisputes(),
    verifyDisputeDeadlines(),
    verifySecondInstances(),
    verifyLiftedNotices(),
    verifyAppealBodies(),
    verifyCandidates(),
    verifyPublishGates(),
    verifyConsents(),
    verifyExemptions(),
    verifyGrants(),
    verifyShares(),
    verifyPasses(),
    verifyReports(),
    verifyReportSettings(),
    verifyEntitlements(),
    verifyAuthorities(),
    verifyAccounts(),
    verifyApiKeys(),
    verifyPasswords(),
    verifyContacts(),
    verifyWebhooks(),
  ];
}
