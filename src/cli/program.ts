import { Command, CommanderError, Option } from 'commander';
import type { Config } from '../config.js';
import type { CliContext } from './context.js';
import { processOutput, reportError, type Output } from './output.js';
import { terminalSafe } from './terminal-safe.js';

type Action = (ctx: CliContext, ...args: never[]) => Promise<number | void>;

/**
 * Builds the `standing` command line. Command modules are imported only when their
 * command runs, so `standing --help` stays fast.
 */
export function buildProgram(getCtx: () => CliContext, setExit: (code: number) => void): Command {
  const program = new Command('standing')
    .description('Standing: scores, lists and decisions under due process')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const run =
    (load: () => Promise<Action>) =>
    async (...args: unknown[]): Promise<void> => {
      const ctx = getCtx();
      try {
        const action = await load();
        const code = await (action as (ctx: CliContext, ...rest: unknown[]) => Promise<number | void>)(ctx, ...args);
        setExit(code ?? 0);
      } catch (e) {
        setExit(reportError(ctx.output, e));
      }
    };
  const db = (): Option => new Option('--db <path>', 'database file (default ./standing.db or STANDING_DB)');

  program
    .command('init')
    .description('create a new database')
    .addOption(db())
    .action(run(async () => (await import('./commands/init.js')).init));

  const scheme = program.command('scheme').description('check and publish schemes');
  scheme
    .command('check')
    .argument('<file>', 'scheme YAML')
    .description('validate a scheme and print its proportionality report; exit 1 if invalid')
    .addOption(db())
    .option('--authority <name>', 'authority of a scheme that names none')
    .option('--json', 'print the report as JSON')
    .action(run(async () => (await import('./commands/scheme.js')).check));
  scheme
    .command('publish')
    .argument('<file>', 'scheme YAML')
    .description('publish a new immutable version')
    .addOption(db())
    .option('--as <account>', "an admin of the scheme's authority")
    .option('--authority <name>', 'authority of a scheme that names none')
    .option('--json', 'print the result as JSON')
    .option('--shadow', 'a shadow version: evaluated beside the live one, never noticed or enforced')
    .action(run(async () => (await import('./commands/shadow.js')).publish));
  scheme
    .command('compare')
    .argument('<scheme>', 'ID (or ID@VERSION of a shadow version)')
    .description('live against shadow so far: subjects whose grade or lists differ, with explanations')
    .addOption(db())
    .option('--as <account>', "an admin of the scheme's authority")
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--json', 'print as JSON')
    .action(run(async () => (await import('./commands/shadow.js')).compare));
  scheme
    .command('promote')
    .argument('<scheme>', 'ID@VERSION of a shadow version')
    .description('make a shadow version live, as publishing it would (held pending above the publish gate)')
    .addOption(db())
    .option('--as <account>', "an admin of the scheme's authority")
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--json', 'print as JSON')
    .action(run(async () => (await import('./commands/shadow.js')).promote));
  scheme
    .command('withdraw')
    .argument('<scheme>', 'ID@VERSION of a shadow or pending version')
    .description('withdraw a shadow or pending version: no longer evaluated, never made live')
    .addOption(db())
    .option('--as <account>', "an admin of the scheme's authority")
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--json', 'print as JSON')
    .action(run(async () => (await import('./commands/shadow.js')).withdraw));
  scheme
    .command('approve')
    .argument('<scheme>', 'ID@VERSION of a pending version')
    .description('a second admin of the authority makes a pending version live')
    .addOption(db())
    .requiredOption('--as <account>', 'an admin of the authority other than its author')
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--json', 'print as JSON')
    .action(run(async () => (await import('./commands/shadow.js')).approve));
  scheme
    .command('pending')
    .description('list shadow and pending versions, with what the publish gate saw')
    .addOption(db())
    .option('--authority <name>', 'of this authority only')
    .option('--json', 'print as JSON')
    .action(run(async () => (await import('./commands/shadow.js')).pending));
  scheme
    .command('simulate')
    .argument('<file>', 'draft scheme YAML')
    .description('judge a draft over the stored records beside the version it would replace; writes nothing')
    .addOption(db())
    .option('--as <account>', "an admin of the scheme's authority")
    .option('--authority <name>', 'authority of a scheme that names none')
    .option('--at <instant>', 'judge at this instant (default now; a bare date is midnight UTC)')
    .option('--against <scheme>', 'compare with ID@VERSION instead of the latest version')
    .option('--from <instant>', 'backtest: first instant')
    .option('--to <instant>', 'backtest: last instant')
    .option('--step <duration>', 'backtest: ISO 8601 step, e.g. P1M', 'P1M')
    .option('--json', 'print the result as one JSON document')
    .action(run(async () => (await import('./commands/simulate.js')).simulate));
  scheme
    .command('list')
    .description('list published schemes and versions')
    .addOption(db())
    .option('--json', 'print as JSON')
    .action(run(async () => (await import('./commands/scheme.js')).list));
  scheme
    .command('show')
    .argument('<scheme>', 'ID or ID@VERSION')
    .description('print a published version as published')
    .addOption(db())
    .option('--authority <name>', 'authority, when several publish the id')
    .action(run(async () => (await import('./commands/scheme.js')).show));

  program
    .command('import')
    .argument('<file>', 'NDJSON or CSV file of records, or - for standard input')
    .description('import records; every rejected line is reported, the others kept')
    .addOption(new Option('--format <format>', 'file format').choices(['ndjson', 'csv']))
    .option('--authority <name>', 'authority of records that name none', 'default')
    .option('--json', 'print rejections and the summary as JSON lines')
    .option('--as <account>', 'a reporter: records are stored as submitted by it, for its authority only')
    .addOption(db())
    .action(run(async () => (await import('./commands/import.js')).importCommand));

  program
    .command('retract')
    .argument('<key>', 'record key')
    .requiredOption('--reason <text>', 'why the record no longer counts')
    .option('--authority <name>', 'reporting authority', 'default')
    .option('--as <account>', 'a reporter of the authority')
    .addOption(db())
    .description('retract a record: it stops counting and stays in the history')
    .action(run(async () => (await import('./commands/records.js')).retract));

  program
    .command('consent')
    .argument('<subject>', 'person:… or org:…')
    .requiredOption('--scheme <id>', 'consent scheme')
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--withdraw', 'record an opt-out instead of an opt-in')
    .option('--at <instant>', 'effective instant, RFC 3339 or a bare date = midnight UTC (default now)')
    .addOption(db())
    .description("record a subject's opt-in (or --withdraw opt-out) of a consent scheme")
    .action(run(async () => (await import('./commands/records.js')).consent));

  program
    .command('explain')
    .argument('<subject>', 'person:… or org:…')
    .requiredOption('--scheme <id>', 'ID or ID@VERSION')
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--at <instant>', 'evaluate at this instant, RFC 3339 or a bare date = midnight UTC (default now)')
    .option('--json', 'print the explanation as JSON')
    .option('--lang <tag>', 'language of the text: en or zh-CN (default: LANG, else en)')
    .addOption(db())
    .description("explain a subject's score, grade and lists")
    .action(run(async () => (await import('./commands/explain.js')).explain));

  program
    .command('scores')
    .requiredOption('--scheme <id>', 'ID or ID@VERSION')
    .option('--authority <name>', 'authority, when several publish the id')
    .option('--at <instant>', 'evaluate at this instant, RFC 3339 or a bare date = midnight UTC (default now)')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .addOption(db())
    .description('one line per judged subject, sorted by subject id')
    .action(run(async () => (await import('./commands/explain.js')).scoresCommand));

  program
    .command('grant')
    .argument('<authority>', 'authority that may sanction the action')
    .argument('<action>', 'registered action, e.g. flight.board')
    .addOption(db())
    .description('grant an action to an authority (the inter-agency memorandum)')
    .action(run(async () => (await import('./commands/actions.js')).grant));

  program
    .command('share')
    .argument('<from>', 'the authority whose records are shared, or `list`')
    .argument('[to]', 'the authority whose schemes may read them')
    .option('--purpose <text>', 'why TO may read them: shown on the public page and in subjects’ files')
    .option('--revoke', 'end the grant: what the records fed ends through due process')
    .option('--json', 'with `list`: print as JSON')
    .addOption(db())
    .description(
      'data-sharing grants: let TO read FROM’s records (`share FROM TO --purpose TEXT`), end one (`--revoke`), or `share list`',
    )
    .action(run(async () => (await import('./commands/share.js')).share));

  program
    .command('check')
    .argument('<subject>', 'person:… or org:…')
    .argument('<action>', 'registered action, e.g. flight.board')
    .option('--party <name>', 'check as this relying party (default: the operator, logged as "operator")')
    .option('--json', 'print the decision as JSON')
    .addOption(db())
    .description('decide whether a subject may do an action; exit 0 whatever the effect')
    .action(run(async () => (await import('./commands/check.js')).check));
  const webhook = program
    .command('webhook')
    .description('signed webhooks: endpoints, delivery log, replay (docs/webhooks.md)');
  webhook
    .command('add')
    .argument('<url>', 'https://… endpoint (private and loopback addresses need STANDING_WEBHOOK_ALLOW_PRIVATE=1)')
    .requiredOption('--events <types>', 'comma-separated event types, or * (docs/webhooks.md)')
    .option('--party <name>', 'the endpoint of this relying party (sanction events about subjects it checked)')
    .option('--authority <name>', 'the endpoint of this authority (its own events)')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('register an endpoint; prints its signing secret once')
    .action(run(async () => (await import('./commands/webhook.js')).webhookAdd));
  webhook
    .command('list')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('every endpoint')
    .action(run(async () => (await import('./commands/webhook.js')).webhookList));
  webhook
    .command('disable')
    .argument('<id>', 'endpoint id (wh_…)')
    .option('--enable', 'enable it again instead')
    .addOption(db())
    .description('stop sending to an endpoint (or --enable it again)')
    .action(run(async () => (await import('./commands/webhook.js')).webhookDisable));
  webhook
    .command('rotate')
    .argument('<id>', 'endpoint id (wh_…)')
    .addOption(db())
    .description('a new signing secret, printed once; the old one stops signing')
    .action(run(async () => (await import('./commands/webhook.js')).webhookRotate));
  webhook
    .command('replay')
    .argument('<id>', 'delivery id (from `webhook log`)')
    .addOption(db())
    .description('queue a delivery again (a dead letter, or one the receiver lost)')
    .action(run(async () => (await import('./commands/webhook.js')).webhookReplay));
  webhook
    .command('log')
    .argument('<id>', 'endpoint id (wh_…)')
    .option('--limit <n>', 'newest deliveries to show', '50')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('the delivery log of an endpoint: state, attempts, last status, latency')
    .action(run(async () => (await import('./commands/webhook.js')).webhookLog));
  const party = program.command('party').description('relying parties');
  party
    .command('add')
    .argument('<name>', 'relying party name, e.g. skyways')
    .addOption(db())
    .description('register a relying party')
    .action(run(async () => (await import('./commands/check.js')).partyAdd));
  party
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list relying parties and their entitlements')
    .action(run(async () => (await import('./commands/check.js')).partyList));
  program
    .command('entitle')
    .argument('<party>', 'relying party')
    .argument('<action>', 'registered action it may check')
    .addOption(db())
    .description('entitle a relying party to check an action')
    .action(run(async () => (await import('./commands/check.js')).entitle));
  program
    .command('access-log')
    .argument('<subject>', 'person:… or org:…')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('who checked a subject: party, action, effect, time, decision id')
    .action(run(async () => (await import('./commands/check.js')).accessLog));
  program
    .command('decision')
    .argument('<id>', 'the decision id a check answered with')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('find the logged check a decision id was given for: subject, party, action, effect, time')
    .action(run(async () => (await import('./commands/check.js')).decision));

  const pass = program
    .command('pass')
    .description("a subject's passes: one answer about it, for whoever holds the token (SPEC §14)");
  pass
    .command('create')
    .argument('<subject>', 'person:… or org:…')
    .requiredOption('--purpose <purpose>', 'an action (rental.deposit) or scheme:ID for a grade')
    .option('--ttl <duration>', 'how long it lasts, at most P30D', 'P7D')
    .option('--recipient <who>', 'only party:NAME or account:NAME may verify it')
    .option('--as <account>', "the subject's own account")
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('create a pass; prints its token once')
    .action(run(async () => (await import('./commands/passes.js')).create));
  pass
    .command('list')
    .argument('<subject>', 'person:… or org:…')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description("a subject's passes, newest first")
    .action(run(async () => (await import('./commands/passes.js')).list));
  pass
    .command('revoke')
    .argument('<subject>', 'person:… or org:…')
    .argument('<id>', 'the pass id')
    .option('--as <account>', "the subject's own account")
    .addOption(db())
    .description('revoke a pass at once')
    .action(run(async () => (await import('./commands/passes.js')).revoke));
  pass
    .command('verify')
    .argument('<token>', 'the pass token')
    .option('--party <name>', 'present it as this relying party (a pass that names one)')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description("verify a pass: its one answer, logged in the subject's access log")
    .action(run(async () => (await import('./commands/passes.js')).verify));

  const exclusion = program
    .command('exclusion')
    .description('self-exclusion: a subject places itself on a list that offers it, for a term it chooses (SPEC §6)');
  exclusion
    .command('add')
    .argument('<subject>', 'person:… or org:…')
    .requiredOption('--list <id>', 'a list with selfExclusion')
    .requiredOption('--term <duration>', 'how long, within the list’s bounds (e.g. P6M)')
    .option('--scheme <id>', 'the scheme, when several offer a list with that id')
    .option('--authority <name>', 'the authority, when several offer it')
    .option('--as <account>', "the subject's own account")
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('place a subject on the list at once, no notice or appeal; it cannot be ended early')
    .action(run(async () => (await import('./commands/exclusion.js')).add));
  exclusion
    .command('list')
    .argument('<subject>', 'person:… or org:…')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('lists offering self-exclusion to the subject, and its self-exclusions')
    .action(run(async () => (await import('./commands/exclusion.js')).list));
  exclusion
    .command('end')
    .argument('<subject>', 'person:… or org:…')
    .argument('<listing>', 'listing id')
    .addOption(db())
    .description('end a self-exclusion early: always refused (SELF_EXCLUSION_LOCKED)')
    .action(run(async () => (await import('./commands/exclusion.js')).end));

  const retention = program
    .command('retention')
    .description("authorities' record-retention policies (SPEC §2; default: kept forever)");
  retention
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list the policies')
    .action(run(async () => (await import('./commands/retention.js')).list));
  retention
    .command('set')
    .argument('<authority>', 'the authority whose records it deletes')
    .requiredOption(
      '--after-lapse <duration>',
      'ISO 8601 duration after a record has lapsed under every scheme that reads it, e.g. P30D',
    )
    .addOption(db())
    .description("set an authority's policy (audited on its chain)")
    .action(run(async () => (await import('./commands/retention.js')).set));
  retention
    .command('clear')
    .argument('<authority>', 'the authority')
    .addOption(db())
    .description("remove an authority's policy: its records are kept forever (audited)")
    .action(run(async () => (await import('./commands/retention.js')).clear));
  retention
    .command('apply')
    .argument('[authority...]', 'only these authorities (default: every one with a policy)')
    .option('--dry-run', 'list what would be deleted; delete nothing')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('apply the policies now (the sweep applies each once a day)')
    .action(run(async () => (await import('./commands/retention.js')).apply));

  const actions = program.command('actions').description('the action registry');
  actions
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list registered actions and grants')
    .action(run(async () => (await import('./commands/actions.js')).list));
  actions
    .command('add')
    .argument('<name>', 'dotted action name, e.g. loan.apply')
    .requiredOption('--domain <domain>', 'the domain the action belongs to')
    .addOption(
      new Option('--effect <effect>', 'the effect a sanction on it has')
        .choices(['deny', 'limit', 'waive', 'priority'])
        .makeOptionMandatory(),
    )
    .option('--description <text>', 'what the action is')
    .addOption(db())
    .description('register an action')
    .action(run(async () => (await import('./commands/actions.js')).add));

  const notices = program
    .command('notices')
    .argument('<subject>', 'person:… or org:…')
    .option('--as <account>', "the subject's own account (optional for the operator)")
    .option('--json', 'print listings and inbox as JSON')
    .option('--lang <tag>', "language of the notices: en or zh-CN (default: the account's setting, else LANG, else en)")
    .addOption(db())
    .description("a subject's listings, notices and inbox; `notices export` for statements of reasons")
    .action(run(async () => (await import('./commands/due-process.js')).notices));
  notices
    .command('export')
    .requiredOption('--format <format>', 'dsa-tdb: the DSA Transparency Database API (docs/statements.md)')
    .option('--since <instant>', 'notices issued at or after this instant')
    .option('--authority <name>', "one authority's notices (default: every authority's)")
    .addOption(db())
    .description('statements of reasons, one JSON object per line, validated against the API')
    .action(run(async () => (await import('./commands/due-process.js')).noticesExport));

  program
    .command('appeal')
    .argument('<listing>', 'listing id (from the notice)')
    .requiredOption('--statement <text>', 'why the listing is wrong')
    .requiredOption('--as <account>', "the subject's own account")
    .addOption(db())
    .description('appeal a listing: within the window it suspends the sanctions until a reviewer decides')
    .action(run(async () => (await import('./commands/due-process.js')).appeal));

  program
    .command('second-instance')
    .argument('<appeal>', 'the upheld appeal')
    .requiredOption('--statement <text>', 'why the first decision is wrong')
    .requiredOption('--as <account>', "the subject's own account")
    .addOption(db())
    .description('ask for a second review of an upheld appeal, within the list’s secondInstance (default P10D)')
    .action(run(async () => (await import('./commands/second-instance.js')).secondInstance));

  program
    .command('dispute')
    .argument('<key>', 'record key')
    .requiredOption('--authority <name>', 'the reporting authority')
    .requiredOption('--statement <text>', 'why the record is wrong')
    .requiredOption('--as <account>', "the subject's own account")
    .addOption(db())
    .description('dispute a record with the authority that reported it')
    .action(run(async () => (await import('./commands/due-process.js')).dispute));

  const listing = program.command('listing').description('listings by decision (manual lists)');
  listing
    .command('add')
    .argument('<subject>', 'person:… or org:…')
    .requiredOption('--list <id>', 'a manual list (manual: true) of the scheme')
    .requiredOption('--scheme <id>', 'the scheme holding the list: ID or ID@VERSION')
    .option('--authority <name>', 'picks the scheme when several authorities publish that id')
    .requiredOption('--reason <text>', 'the decision: why the subject is listed (sent in the notice)')
    .requiredOption('--basis <text>', 'the legal basis of the decision')
    .option('--evidence <url>', 'an http(s) URL of the order or file')
    .option('--term <duration>', "ISO 8601, at most the list's maxTerm (default: maxTerm)")
    .option('--key <key>', 'the decision key (case or order number); the same key again changes nothing')
    .requiredOption('--as <account>', 'an admin of the scheme’s authority')
    .option('--json', 'print the result as JSON')
    .addOption(db())
    .description(
      'list a subject by individual decision: a notice, appeal window, term and audit as for scored listings',
    )
    .action(run(async () => (await import('./commands/listing.js')).listingAdd));
  listing
    .command('import')
    .argument(
      '<file>',
      'NDJSON or CSV of decisions (fields: key, subject, scheme, authority, list, reason, basis, evidence, term)',
    )
    .addOption(new Option('--format <format>', 'file format (default: by extension)').choices(['ndjson', 'csv']))
    .requiredOption('--as <account>', 'an admin of the schemes’ authority')
    .option('--json', 'print rejections, listings and the summary as JSON lines')
    .addOption(db())
    .description('open listings by decision from a file, idempotent by decision key; every bad line is reported')
    .action(run(async () => (await import('./commands/listing.js')).listingImport));

  const review = program.command('review').description('the reviewer queue and decisions');
  review
    .command('list', { isDefault: true })
    .option('--as <account>', 'a reviewer: shows the queue of their authority')
    .option('--authority <name>', 'only this authority')
    .addOption(
      new Option('--state <state>', 'appeals in this state')
        .choices(['pending', 'upheld', 'overturned'])
        .default('pending'),
    )
    .option('--list <id>', 'only appeals against this list')
    .option('--due-before <instant>', 'only appeals due by then: RFC 3339 or a bare date = midnight UTC')
    .option('--limit <n>', 'appeals per page (default 50)')
    .option('--offset <n>', 'skip this many appeals (paging)')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('appeals by deadline (time left, filtered and paged) and open disputes')
    .action(run(async () => (await import('./commands/due-process.js')).reviewList));
  review
    .command('appeal')
    .argument('<id>', 'appeal id')
    .addOption(new Option('--outcome <outcome>', 'the decision').choices(['uphold', 'overturn']).makeOptionMandatory())
    .requiredOption('--reasons <text>', 'written reasons, sent to the subject')
    .option('--retract <keys>', "overturn: comma-separated keys of your authority's records to retract")
    .option('--exempt', 'overturn: exempt the subject from this list until a newer record qualifies it')
    .requiredOption('--as <account>', 'a reviewer of the listing’s authority')
    .addOption(db())
    .description('decide an appeal')
    .action(run(async () => (await import('./commands/due-process.js')).reviewAppeal));
  review
    .command('dispute')
    .argument('<id>', 'dispute id')
    .addOption(new Option('--outcome <outcome>', 'the decision').choices(['retract', 'confirm']).makeOptionMandatory())
    .requiredOption('--reasons <text>', 'written reasons, sent to the subject')
    .requiredOption('--as <account>', 'a reviewer of the reporting authority')
    .addOption(db())
    .description('decide a record dispute')
    .action(run(async () => (await import('./commands/due-process.js')).reviewDispute));
  review
    .command('second-instances')
    .option('--as <account>', 'a reviewer: shows the second instances their authority decides')
    .option('--authority <name>', 'only those decided by reviewers of this authority')
    .addOption(new Option('--state <state>', 'in this state').choices(['pending', 'upheld', 'overturned']))
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('the second-instance queue, earliest deadline first')
    .action(run(async () => (await import('./commands/second-instance.js')).reviewSecondInstances));
  review
    .command('second-instance')
    .argument('<id>', 'second instance id')
    .addOption(new Option('--outcome <outcome>', 'the decision').choices(['uphold', 'overturn']).makeOptionMandatory())
    .requiredOption('--reasons <text>', 'written reasons, sent to the subject')
    .requiredOption('--as <account>', 'a reviewer of the appeal body, else of the authority (not the first reviewer)')
    .addOption(db())
    .description('decide a second instance: overturn ends the listing and tells the relying parties that checked')
    .action(run(async () => (await import('./commands/second-instance.js')).reviewSecondInstance));

  review
    .command('reports')
    .requiredOption('--as <account>', 'a reviewer: the reports to their authority')
    .option('--authority <name>', 'the authority (default: the reviewer’s)')
    .addOption(
      new Option('--state <state>', 'reports in this state')
        .choices(['open', 'accepted', 'rejected', 'all'])
        .default('open'),
    )
    .option('--json', 'print as JSON')
    .addOption(db())
    .description("reports from the public, oldest first, with each reporter's acceptance rate (SPEC §14)")
    .action(run(async () => (await import('./commands/reports.js')).queue));
  review
    .command('report')
    .argument('<id>', 'report id')
    .addOption(
      new Option('--outcome <outcome>', 'the decision (final)').choices(['accept', 'reject']).makeOptionMandatory(),
    )
    .requiredOption('--reasons <text>', 'written reasons')
    .requiredOption('--as <account>', 'a reviewer of the authority, not the reporter')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('accept a report (it becomes a record of your authority, submitted by you) or reject it')
    .action(run(async () => (await import('./commands/reports.js')).decide));

  const report = program
    .command('report')
    .description('reports from the public to authorities that accept them (SPEC §14)');
  report
    .command('file')
    .argument('<subject>', 'person:… or org:… whose conduct is reported')
    .requiredOption('--authority <name>', 'the authority reported to (its reports must be open)')
    .requiredOption('--kind <kind>', 'the record kind, e.g. civic.littering')
    .requiredOption('--occurred-at <instant>', 'when it happened (RFC 3339)')
    .option('--data <json>', 'the record data, a JSON object (at most 16 KiB)')
    .option('--description <text>', 'what happened, in your words (at most 2000 characters)')
    .requiredOption('--as <account>', "your account: a subject's own (a member of the public) or an authority's staff")
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('report a subject’s conduct: it waits in the authority’s triage queue; it is not a record')
    .action(run(async () => (await import('./commands/reports.js')).file));
  report
    .command('list', { isDefault: true })
    .requiredOption('--as <account>', 'your account')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('the reports you filed, newest first, with their outcomes')
    .action(run(async () => (await import('./commands/reports.js')).list));

  const account = program.command('account').description('accounts of staff and subjects');
  account
    .command('add')
    .argument('<name>', 'account name')
    .requiredOption(
      '--roles <roles>',
      'comma-separated: admin, reporter, reviewer, auditor, subject; or registrar alone',
    )
    .option('--authority <name>', 'the authority staff work for')
    .option('--subject <id>', "for a subject's own account: the subject it is")
    .addOption(db())
    .description('create an account')
    .action(run(async () => (await import('./commands/due-process.js')).accountAdd));
  account
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list accounts')
    .action(run(async () => (await import('./commands/due-process.js')).accountList));
  account
    .command('password')
    .argument('<name>', 'account name')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--password <text>', 'the password (visible to other users of the machine: for scripts)')
    .addOption(db())
    .description("set an account's password (at least 10 characters); signs it out everywhere")
    .action(run(async () => (await import('./commands/auth.js')).accountPassword));

  const authority = program.command('authority').description('authorities (tenants) and their kinds');
  authority
    .command('add')
    .argument('<name>', 'authority name, e.g. city')
    .addOption(
      new Option('--kind <kind>', 'what the authority is')
        .choices(['government', 'business', 'platform'])
        .makeOptionMandatory(),
    )
    .option('--title <text>', 'display name')
    .addOption(db())
    .description('create an authority')
    .action(run(async () => (await import('./commands/auth.js')).authorityAdd));
  authority
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list authorities and their kinds')
    .action(run(async () => (await import('./commands/auth.js')).authorityList));
  authority
    .command('dispute-deadline')
    .argument('[authority]', 'the authority whose records are disputed')
    .argument('[duration]', 'ISO 8601 duration within which it must decide, e.g. P30D (the default)')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description(
      'set (audited) or show how long an authority has to decide a record dispute; past it the record stops counting',
    )
    .action(run(async () => (await import('./commands/dispute-deadline.js')).disputeDeadline));
  authority
    .command('appeal-body')
    .argument('[authority]', 'the authority whose appeals are reviewed again')
    .argument('[body]', 'the authority whose reviewers decide its second instances')
    .option('--clear', 'name no appeal body: a reviewer of the authority not in the first decision decides')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('name (audited), clear or show the appeal body that decides an authority’s second instances')
    .action(run(async () => (await import('./commands/second-instance.js')).appealBody));
  authority
    .command('reports')
    .argument('[authority]', 'the authority')
    .argument('[setting]', 'open or closed (the default: closed)')
    .option('--per-day <n>', 'reports one reporter may file to it in 24 hours (default 10)')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('open or close (audited) or show whether an authority accepts reports from the public')
    .action(run(async () => (await import('./commands/reports.js')).authorityReports));
  authority
    .command('publish-gate')
    .argument('<authority>', 'the authority whose publications are gated')
    .option('--subjects <n>', 'hold a version that opens or ends listings of more than N subjects (default 100)')
    .option('--percent <p>', '... or of more than P% of those judged, whichever is smaller (default 1)')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('set (audited) or show the threshold above which a new version waits for a second admin')
    .action(run(async () => (await import('./commands/shadow.js')).publishGate));

  const key = program.command('key').description('API keys of authorities and relying parties');
  key
    .command('create')
    .option('--authority <name>', 'a staff key of this authority (with --role)')
    .option('--role <roles>', 'comma-separated staff roles: admin, reporter, reviewer, auditor')
    .option('--party <name>', 'a key of this relying party')
    .option('--label <text>', 'what the key is for')
    .addOption(db())
    .description('create an API key; prints its secret once')
    .action(run(async () => (await import('./commands/auth.js')).keyCreate));
  key
    .command('list', { isDefault: true })
    .option('--authority <name>', 'only keys of this authority')
    .option('--party <name>', 'only keys of this relying party')
    .option('--all', 'include revoked keys')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list API keys (never their secrets)')
    .action(run(async () => (await import('./commands/auth.js')).keyList));
  key
    .command('revoke')
    .argument('<id>', 'key id (the 12 characters after stk_)')
    .addOption(db())
    .description('revoke an API key; a running service stops accepting it within 5 seconds')
    .action(run(async () => (await import('./commands/auth.js')).keyRevoke));

  const enrolment = program.command('enrol').description("enrolment of subjects' own accounts");
  enrolment
    .command('issue')
    .argument('<subject>', 'person:… or org:…')
    .requiredOption('--as <account>', "a registrar of the operator's identity desk (never an authority's admin)")
    .addOption(db())
    .description(
      'issue a one-time enrolment code bound to the subject (valid 24 hours; audited, and the subject is told)',
    )
    .action(run(async () => (await import('./commands/auth.js')).enrolIssue));
  enrolment
    .command('redeem')
    .argument('<code>', 'the enrolment code')
    .requiredOption('--account <name>', 'the account to create')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--password <text>', 'the password (visible to other users of the machine: for scripts)')
    .addOption(db())
    .description("redeem an enrolment code: creates the subject's account")
    .action(run(async () => (await import('./commands/auth.js')).enrolRedeem));

  const audit = program.command('audit').description('the tamper-evident audit log (SPEC §8)');
  audit
    .command('verify')
    .option('--json', 'print the report as JSON')
    .option('--quick', 'check the storage with quick_check (pages, not index contents) before the chains')
    .option('--checkpoint <file>', 'signed checkpoints (one or more notes) the log must still extend')
    .option('--verifier <vkey>', "the checkpoint key's verifier key (printed by `audit keygen`)")
    .option('--key <file>', 'or take the verifier key from the checkpoint key file')
    .addOption(db())
    .description(
      'check the storage, then recompute every chain and check every covered row against it (docs/audit.md); exit 1 on any problem',
    )
    .action(run(async () => (await import('./commands/audit.js')).verify));
  audit
    .command('keygen')
    .requiredOption('--out <file>', 'where to write the new private key (never overwritten)')
    .option('--name <name>', 'the key name, and prefix of every checkpoint origin', 'standing')
    .description('make an Ed25519 checkpoint key kept outside the database; prints its verifier key')
    .action(run(async () => (await import('./commands/audit.js')).keygen));
  audit
    .command('checkpoint')
    .requiredOption('--key <file>', 'the checkpoint key file (`audit keygen`)')
    .addOption(db())
    .description("sign every chain's size and head as C2SP tlog-checkpoint notes, store and print them")
    .action(run(async () => (await import('./commands/audit.js')).checkpoint));

  // Operations: access-log retention (docs/operations.md).
  const accessRetention = program
    .command('access-retention')
    .description('how long the access log is kept, per relying party or by default (built in P2Y, floor P1Y)');
  accessRetention
    .command('list', { isDefault: true })
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('list the periods')
    .action(run(async () => (await import('./commands/access-retention.js')).list));
  accessRetention
    .command('set')
    .requiredOption('--keep <duration>', 'ISO 8601 period to keep entries, at least P1Y, e.g. P2Y')
    .option('--party <name>', 'only this relying party (default: the default for every party)')
    .addOption(db())
    .description('set a period (audited on the operator chain)')
    .action(run(async () => (await import('./commands/access-retention.js')).set));
  accessRetention
    .command('clear')
    .option('--party <name>', 'this relying party (default: the default, back to the built-in P2Y)')
    .addOption(db())
    .description('remove a period (audited)')
    .action(run(async () => (await import('./commands/access-retention.js')).clear));
  accessRetention
    .command('apply')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('delete now what the periods no longer keep (the sweep does it once a day)')
    .action(run(async () => (await import('./commands/access-retention.js')).apply));

  // Notice e-mail (docs/email.md).
  const mail = program.command('mail').description('notice e-mail: the outbox, the worker, a development sink');
  mail
    .command('send-pending')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('send the notice e-mails due now over STANDING_SMTP_URL (one round of the worker; for cron)')
    .action(run(async () => (await import('./commands/mail.js')).sendPending));
  mail
    .command('list', { isDefault: true })
    .argument('[subject]', 'only this subject')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description('the notice e-mail outbox: address, state, attempts, next attempt, last error')
    .action(run(async () => (await import('./commands/mail.js')).list));
  mail
    .command('catch')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free one)', '2525')
    .description('a development SMTP server that prints every e-mail it receives')
    .action(run(async () => (await import('./commands/mail.js')).catchMail));
  program
    .command('contact')
    .argument('<subject>', 'person:… or org:…')
    .option('--email <address>', 'where its notices are e-mailed')
    .option('--no-email', 'remove its address')
    .option('--language <lang>', 'en or zh-CN')
    .option('--json', 'print as JSON')
    .addOption(db())
    .description("show or set a subject's contact settings (personal data: audited, by hash)")
    .action(run(async () => (await import('./commands/mail.js')).contact));

  // Operations: backup and restore (docs/operations.md).
  program
    .command('backup')
    .argument('<file>', 'the backup file to write (never overwritten)')
    .description(
      'write a consistent backup of the database, also while it is served (SQLite: VACUUM INTO; PostgreSQL: pg_dump)',
    )
    .addOption(db())
    .action(run(async () => (await import('./commands/backup.js')).backup));
  program
    .command('restore')
    .argument('<file>', 'a file written by `standing backup`')
    .description('restore a backup into a new database (--db); an existing one only with --force')
    .option('--force', 'replace the database at --db (stop every process using it first)')
    .addOption(db())
    .action(run(async () => (await import('./commands/backup.js')).restore));

  program
    .command('sweep')
    .description('perform every time-driven step due now (lapses, appeal windows, consent)')
    .option('--json', 'print what was done as JSON')
    .addOption(db())
    .action(run(async () => (await import('./commands/sweep.js')).sweep));

  program
    .command('serve')
    .description('serve the HTTP API (and sweep time-driven steps every 30 s) until interrupted')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--sweep-seconds <n>', 'seconds between sweeps', '30')
    .option('--quiet', 'no request logs')
    .option(
      '--replica <url>',
      'postgres:// URL of a streaming replica to answer decision checks from (default STANDING_REPLICA)',
    )
    .option(
      '--max-replica-lag-ms <n>',
      'checks go to the primary while the replica may be further behind than this',
      '1000',
    )
    .option(
      '--checkpoint-key <file>',
      'sign audit checkpoints with this key (`audit keygen`), at start and then periodically',
    )
    .option('--checkpoint-every <duration>', 'ISO 8601 duration between checkpoints', 'PT1H')
    .addOption(db())
    .action(run(async () => (await import('./commands/serve.js')).serve));

  program
    .command('demo')
    .description('build the seed city into a new database and print its summary')
    .option('--db <path>', 'database file', './standing-demo.db')
    .option('--persons <n>', 'persons in the city', '100000')
    .option('--businesses <n>', 'businesses in the city (default persons / 20)')
    .option('--seed <seed>', 'generator seed', '42')
    .option('--force', 'overwrite an existing database (a file, or on PostgreSQL the Standing tables of the schema)')
    .option('--no-serve', 'stop after the summary')
    .option('--port <n>', 'port to serve on', '8080')
    .option('--host <host>', 'address to serve on', '127.0.0.1')
    .action(run(async () => (await import('./commands/demo.js')).demo));

  return program;
}

/** Runs the CLI; returns the exit code. Config is loaded lazily so `--help` needs none. */
export async function runCli(
  argv: readonly string[],
  config: () => Config,
  rawOutput: Output = processOutput,
): Promise<number> {
  // Every command's text passes through here: data a user supplied cannot drive the terminal.
  const output = terminalSafe(rawOutput);
  let exit = 0;
  let ctx: CliContext | undefined;
  const getCtx = (): CliContext => (ctx ??= { config: config(), output });
  const program = buildProgram(getCtx, (c) => (exit = c));
  program.configureOutput({ writeOut: (s) => output.out(s), writeErr: (s) => output.err(s) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(output, e);
  }
  return exit;
}
