// Generated from docs/openapi.json by `npm run openapi` (openapi-typescript); do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the store answers and the service is not shutting down */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                            now: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * May this subject do this action?
         * @description Relying parties only, for actions they are entitled to. The answer is sent only after its access-log entry is stored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description person:… or org:… */
                        subject: string;
                        action: string;
                    };
                };
            };
            responses: {
                /** @description Never carries a score, grade or record (SPEC §4). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subject: string;
                            action: string;
                            /** @description The decision id, to cite this answer: the relying party finds its check again with GET /v1/decisions/{id}, the subject sees it in its access log. */
                            decision: string;
                            /** @description The scheme versions the answer rests on: the versions that noticed the listings among its reasons. */
                            schemes: {
                                authority: string;
                                scheme: string;
                                version: number;
                            }[];
                            effect: "allow" | "deny" | "limit" | "waive" | "priority";
                            limit: {
                                [key: string]: number;
                            } | null;
                            reasons: {
                                list: string;
                                scheme: string;
                                authority: string;
                                listing: number;
                                since: string;
                                effect: string;
                                appeal: string;
                            }[];
                            at: string;
                            /** @description Present only when a read replica answered; absent when the primary did. */
                            staleness?: {
                                /** @description Measured, rounded up: the data may lack only what the primary committed in the last lagMs milliseconds before the check began. */
                                lagMs: number;
                                /** @description The configured bound: a replica further behind than this is not asked. */
                                maxLagMs: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/decisions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find a check by the decision id it was answered with
         * @description A relying party finds only its own checks; any other id is DECISION_NOT_FOUND.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            decision: string;
                            subject: string;
                            action: string;
                            /** @description allow, deny, limit, waive or priority */
                            effect: string;
                            at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a batch of records
         * @description Reporters of an authority, for that authority: a record without `authority` takes the caller's, and one naming another is refused (FORBIDDEN). Idempotent by (authority, key). Each record is validated on its own: a bad one is reported by its index and the others are kept. An error in the request itself (malformed JSON, wrong envelope, more than 1000 records) rejects it whole and stores nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        records: unknown[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description records stored: inserted now, or already stored with the same content */
                            results: {
                                index: number;
                                status: "inserted" | "duplicate";
                            }[];
                            /** @description records rejected, each by its index; the others were kept */
                            errors: {
                                index: number;
                                code: string;
                                message: string;
                                field?: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{authority}/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one record
         * @description Staff of the record’s authority, any role.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description the record key (URL-encoded) */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A record as stored (SPEC §2), with who submitted it, when, and its retraction if any. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            authority: string;
                            subject: string;
                            kind: string;
                            /** @description RFC 3339 instant, UTC */
                            occurredAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                            evidence: string | null;
                            /** @description account, or key:ID for an API key; null for the operator */
                            submittedBy: string | null;
                            /** @description RFC 3339 instant, UTC */
                            receivedAt: string;
                            retracted: {
                                /** @description RFC 3339 instant, UTC */
                                at: string;
                                reason: string | null;
                            } | null;
                            disputed: {
                                /** @description authority/key */
                                record: string;
                                dispute: number;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description past the deadline undecided: the record does not count until decided */
                                overdue: boolean;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{authority}/{key}/retraction": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retract a record
         * @description Reporters of the record’s authority. The record stops counting and stays in the history with the reason (SPEC §2).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description the record key (URL-encoded) */
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why the record stops counting */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description A record as stored (SPEC §2), with who submitted it, when, and its retraction if any. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            authority: string;
                            subject: string;
                            kind: string;
                            /** @description RFC 3339 instant, UTC */
                            occurredAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                            evidence: string | null;
                            /** @description account, or key:ID for an API key; null for the operator */
                            submittedBy: string | null;
                            /** @description RFC 3339 instant, UTC */
                            receivedAt: string;
                            retracted: {
                                /** @description RFC 3339 instant, UTC */
                                at: string;
                                reason: string | null;
                            } | null;
                            disputed: {
                                /** @description authority/key */
                                record: string;
                                dispute: number;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description past the deadline undecided: the record does not count until decided */
                                overdue: boolean;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published scheme versions
         * @description Every version published with `public: true`; staff also see their own authority’s others.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            versions: {
                                authority: string;
                                scheme: string;
                                version: number;
                                title: string | null;
                                public: boolean;
                                /** @description RFC 3339 instant, UTC */
                                publishedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Publish a scheme version
         * @description Admins of the scheme’s authority. A scheme without `authority` takes the caller’s. Without `version` it takes the next number; the same content again changes nothing (200, `created: false`). Invalid schemes are refused with every problem in `errors`. The draft is simulated first: a version that would open or end more listings than the authority’s publish gate allows is held `pending` (202) until a second admin approves it. With `shadow: true` it is a shadow version (202), evaluated beside the live one and never noticed or enforced (SPEC §12).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the scheme as YAML (SPEC §3) */
                        source: string;
                        /** @description publish a shadow version: evaluated beside the live one, never noticed or enforced */
                        shadow?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            created: boolean;
                            subjects: number;
                            /** @enum {string} */
                            status: "live";
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            created: boolean;
                            /** @description subjects re-evaluated */
                            subjects: number;
                            /** @enum {string} */
                            status: "live";
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            status: "pending" | "shadow";
                            /** @description subjects evaluated under the shadow version */
                            subjects?: number;
                            /**
                             * PublishGate
                             * @description What the publish gate saw in the simulation (SPEC §12).
                             */
                            gate?: {
                                /** @description notices the version would send */
                                opened: number;
                                /** @description listings it would end */
                                ended: number;
                                /** @description subjects judged (by the live version; by the draft for a first version) */
                                judged: number;
                                /** @description the smaller of N subjects and P% of those judged */
                                threshold: number;
                                held: boolean;
                                lists: {
                                    list: string;
                                    opened: number;
                                    ended: number;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate a scheme and report its proportionality
         * @description Any staff. Publishes nothing. A scheme without `authority` is checked as the caller’s.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the scheme as YAML (SPEC §3) */
                        source: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            scheme?: string;
                            authority?: string;
                            errors?: {
                                code: string;
                                message: string;
                                field?: string;
                                line?: number;
                                column?: number;
                                rule?: string;
                                scheme?: string;
                            }[];
                            report?: {
                                list: string;
                                listType: string;
                                action: string;
                                effect: string;
                                limit?: {
                                    [key: string]: number;
                                };
                                actionDomain: string | null;
                                schemeContext: string;
                                crossContext: boolean;
                                privilege: boolean;
                                justification?: string;
                                basis?: string;
                                /** @description record kinds that can trigger the sanction, or "any" */
                                triggers: string[] | "any";
                                /** @description how long it can last: an ISO 8601 duration (at most the maximum term); "unbounded" only for a redlist privilege */
                                longest: string;
                                /** @description the list's maximum term (ISO 8601); null for a redlist, which has none */
                                maxTerm: string | null;
                                /** @description the maximum term is the operator's default */
                                maxTermDefault: boolean;
                            }[];
                            /**
                             * DataContextReport
                             * @description Which domains feed a scheme, through which rules, grades and lists (SPEC §5, data contexts).
                             */
                            dataContext?: {
                                schemeContext: string;
                                /** @description every domain whose records feed the scheme, sorted; "any" when a condition reads records of any kind */
                                domains: string[];
                                uses: {
                                    on: "rule" | "grade" | "list";
                                    id: string;
                                    /** @description the record kinds the condition reads, or "any" */
                                    kinds: string[] | "any";
                                    domains: string[];
                                    /** @description reads a domain other than the scheme's context, or any kind */
                                    crossContext: boolean;
                                    /** @description the domains read outside the scheme's context */
                                    foreign: string[];
                                    dataJustification?: string;
                                    basis?: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The versions of one scheme */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            versions: {
                                authority: string;
                                scheme: string;
                                version: number;
                                title: string | null;
                                public: boolean;
                                /** @description RFC 3339 instant, UTC */
                                publishedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One scheme version: its source, content and proportionality report */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                    /** @description version number */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            title: string | null;
                            public: boolean;
                            /** @description RFC 3339 instant, UTC */
                            publishedAt: string;
                            /** @description the YAML as published */
                            source: string;
                            /** @description the validated document with every default filled in (without its version) */
                            content: unknown;
                            report: {
                                list: string;
                                listType: string;
                                action: string;
                                effect: string;
                                limit?: {
                                    [key: string]: number;
                                };
                                actionDomain: string | null;
                                schemeContext: string;
                                crossContext: boolean;
                                privilege: boolean;
                                justification?: string;
                                basis?: string;
                                /** @description record kinds that can trigger the sanction, or "any" */
                                triggers: string[] | "any";
                                /** @description how long it can last: an ISO 8601 duration (at most the maximum term); "unbounded" only for a redlist privilege */
                                longest: string;
                                /** @description the list's maximum term (ISO 8601); null for a redlist, which has none */
                                maxTerm: string | null;
                                /** @description the maximum term is the operator's default */
                                maxTermDefault: boolean;
                            }[];
                            /**
                             * DataContextReport
                             * @description Which domains feed a scheme, through which rules, grades and lists (SPEC §5, data contexts).
                             */
                            dataContext: {
                                schemeContext: string;
                                /** @description every domain whose records feed the scheme, sorted; "any" when a condition reads records of any kind */
                                domains: string[];
                                uses: {
                                    on: "rule" | "grade" | "list";
                                    id: string;
                                    /** @description the record kinds the condition reads, or "any" */
                                    kinds: string[] | "any";
                                    domains: string[];
                                    /** @description reads a domain other than the scheme's context, or any kind */
                                    crossContext: boolean;
                                    /** @description the domains read outside the scheme's context */
                                    foreign: string[];
                                    dataJustification?: string;
                                    basis?: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/simulations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a simulation of a draft scheme
         * @description Admins of the scheme’s authority. Judges the draft over the stored records beside the version it would replace, writing nothing, as `standing scheme simulate`. Returns 202 with the job; follow `Location`. Jobs live in this server’s memory (2 running and 10 finished per authority, each kept an hour after it finishes) and are lost on restart.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the draft scheme as YAML (SPEC §3) */
                        source: string;
                        /** @description judge at this instant (default now); a bare date is midnight UTC */
                        at?: string;
                        /** @description compare with ID@VERSION */
                        against?: string;
                        /** @description backtest: first instant (with `to`) */
                        from?: string;
                        /** @description backtest: last instant (with `from`) */
                        to?: string;
                        /** @description backtest: ISO 8601 step, default P1M */
                        step?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            state: "running" | "done" | "failed";
                            /** @description RFC 3339 instant, UTC */
                            startedAt: string;
                            progress: {
                                /** @description subjects judged so far */
                                done: number;
                                /** @description subjects to judge (0 until counted) */
                                total: number;
                            };
                            /** @description when done: the same document as `standing scheme simulate --json` (with `from`/`to`: the backtest, `steps`) */
                            result?: unknown;
                            error?: {
                                code: string;
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/simulations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A simulation job: progress, and the result when done
         * @description Admins of the authority that started it; another authority’s job is 404.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            state: "running" | "done" | "failed";
                            /** @description RFC 3339 instant, UTC */
                            startedAt: string;
                            progress: {
                                /** @description subjects judged so far */
                                done: number;
                                /** @description subjects to judge (0 until counted) */
                                total: number;
                            };
                            /** @description when done: the same document as `standing scheme simulate --json` (with `from`/`to`: the backtest, `steps`) */
                            result?: unknown;
                            error?: {
                                code: string;
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shadow and pending versions of the caller’s authority
         * @description Admins. Pending versions carry what the publish gate saw; `canApprove` says whether the caller may approve.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            versions: {
                                authority: string;
                                scheme: string;
                                version: number;
                                status: "shadow" | "pending";
                                /** @description RFC 3339 instant, UTC */
                                publishedAt: string;
                                publishedBy: string | null;
                                requestedBy: string | null;
                                gate: {
                                    /** @description notices the version would send */
                                    opened: number;
                                    /** @description listings it would end */
                                    ended: number;
                                    /** @description subjects judged (by the live version; by the draft for a first version) */
                                    judged: number;
                                    /** @description the smaller of N subjects and P% of those judged */
                                    threshold: number;
                                    held: boolean;
                                    lists: {
                                        list: string;
                                        opened: number;
                                        ended: number;
                                    }[];
                                } | null;
                                /** @description the version as YAML, as published (to simulate it again) */
                                source: string;
                                canApprove: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live against shadow so far
         * @description Admins of the authority. Subjects whose grade or lists differ between the live version and the latest shadow version (or the one `version` names), with both explanations, as `standing scheme compare`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description version number */
                    version?: string;
                };
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            liveVersion: number | null;
                            shadowVersion: number;
                            /** @description RFC 3339 instant, UTC */
                            at: string;
                            compared: number;
                            differing: number;
                            gradeChanges: number;
                            lists: {
                                list: string;
                                entering: number;
                                leaving: number;
                            }[];
                            subjects: {
                                subject: string;
                                live: {
                                    judged: boolean;
                                    score: number | null;
                                    grade: string | null;
                                    lists: string[];
                                    contributions: {
                                        rule: string;
                                        record: string;
                                        points: number;
                                    }[];
                                } | null;
                                shadow: {
                                    judged: boolean;
                                    score: number | null;
                                    grade: string | null;
                                    lists: string[];
                                    contributions: {
                                        rule: string;
                                        record: string;
                                        points: number;
                                    }[];
                                } | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/versions/{version}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a shadow version live
         * @description Admins of the authority. As publishing it would (SPEC §6 new versions), through the publish gate: above the threshold it is held `pending` (202).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                    /** @description version number */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            status: "live" | "pending";
                            created?: boolean;
                            /** @description subjects re-evaluated */
                            subjects?: number;
                            /**
                             * PublishGate
                             * @description What the publish gate saw in the simulation (SPEC §12).
                             */
                            gate?: {
                                /** @description notices the version would send */
                                opened: number;
                                /** @description listings it would end */
                                ended: number;
                                /** @description subjects judged (by the live version; by the draft for a first version) */
                                judged: number;
                                /** @description the smaller of N subjects and P% of those judged */
                                threshold: number;
                                held: boolean;
                                lists: {
                                    list: string;
                                    opened: number;
                                    ended: number;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            status: "live" | "pending";
                            created?: boolean;
                            /** @description subjects re-evaluated */
                            subjects?: number;
                            /**
                             * PublishGate
                             * @description What the publish gate saw in the simulation (SPEC §12).
                             */
                            gate?: {
                                /** @description notices the version would send */
                                opened: number;
                                /** @description listings it would end */
                                ended: number;
                                /** @description subjects judged (by the live version; by the draft for a first version) */
                                judged: number;
                                /** @description the smaller of N subjects and P% of those judged */
                                threshold: number;
                                held: boolean;
                                lists: {
                                    list: string;
                                    opened: number;
                                    ended: number;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/versions/{version}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw a shadow or pending version
         * @description Admins of the authority. The version is no longer evaluated, its shadow states are deleted, and it can no longer be promoted or approved; its number is not reused. 409 SCHEME_CANDIDATE_STATE for a live or already withdrawn version.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                    /** @description version number */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            /** @enum {string} */
                            status: "withdrawn";
                            /** @description RFC 3339 instant, UTC */
                            withdrawnAt: string;
                            by: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/versions/{version}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a pending version
         * @description A second admin of the authority makes a version held by the publish gate live; its publisher and promoter get 403 APPROVER_IS_AUTHOR.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                    /** @description version number */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            version: number;
                            status: "live" | "pending";
                            created?: boolean;
                            /** @description subjects re-evaluated */
                            subjects?: number;
                            /**
                             * PublishGate
                             * @description What the publish gate saw in the simulation (SPEC §12).
                             */
                            gate?: {
                                /** @description notices the version would send */
                                opened: number;
                                /** @description listings it would end */
                                ended: number;
                                /** @description subjects judged (by the live version; by the draft for a first version) */
                                judged: number;
                                /** @description the smaller of N subjects and P% of those judged */
                                threshold: number;
                                held: boolean;
                                lists: {
                                    list: string;
                                    opened: number;
                                    ended: number;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/subjects/{subject}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Explain one subject’s score, grade and lists
         * @description Admins, reviewers and auditors of the scheme’s authority. `version` picks a version (default the latest); `at` an instant (default now).
         */
        get: {
            parameters: {
                query?: {
                    /** @description an RFC 3339 instant (default now) */
                    at?: string;
                    /** @description a version (default the latest) */
                    version?: string;
                };
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                    /** @description person:… or org:… */
                    subject: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The evaluation of one subject under one scheme version at one instant, with its explanation (SPEC §3 item 11). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subject: string;
                            scheme: string;
                            authority: string;
                            version: number;
                            /** @description RFC 3339 instant, UTC */
                            at: string;
                            judged: boolean;
                            notJudged: ("subject-type" | "no-consent") | null;
                            /** @description candidate records (SPEC §3 item 1) */
                            candidates: number;
                            score: number | null;
                            grade: string | null;
                            /** @description lists the subject qualifies for, in scheme order */
                            lists: string[];
                            contributions: {
                                key: string;
                                authority: string;
                                rule: string;
                                points: number;
                                /** @description points counted after the cap */
                                capped: number;
                            }[];
                            errors: {
                                rule: string;
                                site: string;
                                key?: string;
                                message: string;
                            }[];
                            listConditions: {
                                id: string;
                                value: boolean;
                                error?: string;
                                /** @description the records the condition holds through, as authority/key */
                                records?: string[];
                            }[];
                            /** @description live records as authority/key (SPEC §3 item 7) */
                            liveRecords: string[];
                            nextChange: string | null;
                            /** @description records about the subject under a pending dispute; overdue ones are not candidates */
                            disputed: {
                                /** @description authority/key */
                                record: string;
                                dispute: number;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description past the deadline undecided: the record does not count until decided */
                                overdue: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Scores of every subject the scheme judges, a page at a time
         * @description Admins, reviewers and auditors of the scheme’s authority. One line per judged subject with a candidate record, in subject order (as `standing scores`). Pass the returned `next` as `after` for the next page.
         */
        get: {
            parameters: {
                query?: {
                    /** @description continue after this id (the `next` of the previous page) */
                    after?: string;
                    /** @description page size, 1 to 1000 (default 100) */
                    limit?: string;
                    /** @description an RFC 3339 instant (default now) */
                    at?: string;
                };
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lines: {
                                subject: string;
                                score: number;
                                grade: string | null;
                                lists: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/subjects/{subject}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject as your authority sees it: scores explained, their history, records and listings
         * @description Admins, reviewers and auditors. For each scheme of your authority (its latest version): the explanation now and the score every three months over the last two years; the records of your authority the explanations rest on (at most 500); your authority’s listings of the subject (at most 200, newest last). One request for the console’s subject page.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description person:… or org:… */
                    subject: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subject: string;
                            authority: string;
                            /** @description RFC 3339 instant, UTC */
                            at: string;
                            schemes: {
                                authority: string;
                                scheme: string;
                                version: number;
                                title: string | null;
                                public: boolean;
                                /** @description the validated scheme document, as in /v1/schemes/…/versions/… */
                                content: unknown;
                                /**
                                 * Explanation
                                 * @description The evaluation of one subject under one scheme version at one instant, with its explanation (SPEC §3 item 11).
                                 */
                                explanation: {
                                    subject: string;
                                    scheme: string;
                                    authority: string;
                                    version: number;
                                    /** @description RFC 3339 instant, UTC */
                                    at: string;
                                    judged: boolean;
                                    notJudged: ("subject-type" | "no-consent") | null;
                                    /** @description candidate records (SPEC §3 item 1) */
                                    candidates: number;
                                    score: number | null;
                                    grade: string | null;
                                    /** @description lists the subject qualifies for, in scheme order */
                                    lists: string[];
                                    contributions: {
                                        key: string;
                                        authority: string;
                                        rule: string;
                                        points: number;
                                        /** @description points counted after the cap */
                                        capped: number;
                                    }[];
                                    errors: {
                                        rule: string;
                                        site: string;
                                        key?: string;
                                        message: string;
                                    }[];
                                    listConditions: {
                                        id: string;
                                        value: boolean;
                                        error?: string;
                                        /** @description the records the condition holds through, as authority/key */
                                        records?: string[];
                                    }[];
                                    /** @description live records as authority/key (SPEC §3 item 7) */
                                    liveRecords: string[];
                                    nextChange: string | null;
                                    /** @description records about the subject under a pending dispute; overdue ones are not candidates */
                                    disputed: {
                                        /** @description authority/key */
                                        record: string;
                                        dispute: number;
                                        /** @description when the reporting authority must decide by */
                                        deadline: string;
                                        /** @description past the deadline undecided: the record does not count until decided */
                                        overdue: boolean;
                                    }[];
                                };
                                /** @description the score at past instants, oldest first, then now */
                                history: {
                                    /** @description RFC 3339 instant, UTC */
                                    at: string;
                                    score: number | null;
                                }[];
                            }[];
                            records: {
                                key: string;
                                authority: string;
                                subject: string;
                                kind: string;
                                /** @description RFC 3339 instant, UTC */
                                occurredAt: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                evidence: string | null;
                                /** @description account, or key:ID for an API key; null for the operator */
                                submittedBy: string | null;
                                /** @description RFC 3339 instant, UTC */
                                receivedAt: string;
                                retracted: {
                                    /** @description RFC 3339 instant, UTC */
                                    at: string;
                                    reason: string | null;
                                } | null;
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                } | null;
                            }[];
                            listings: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{authority}/{scheme}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Population by grade over time
         * @description Admins, reviewers and auditors of the scheme’s authority. The latest version evaluated at `points` instants spread evenly over the last `months` months (at UTC midnights, the last one now), on a deterministic sample of at most 1,500 subjects; answers are cached for five minutes.
         */
        get: {
            parameters: {
                query?: {
                    /** @description how far back, 1 to 120 (default 12) */
                    months?: string;
                    /** @description instants, 2 to 24 (default 7) */
                    points?: string;
                };
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The population of a scheme by grade at past instants, under the latest version’s rules. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            /** @description the version whose rules were applied at every instant (the latest) */
                            version: number;
                            /** @description grade ids in scheme order */
                            grades: string[];
                            /** @description subjects with records from the scheme’s sources */
                            population: number;
                            /** @description subjects evaluated at each instant (every k-th in id order); all of them when the population is small */
                            sampled: number;
                            points: {
                                /** @description RFC 3339 instant, UTC */
                                at: string;
                                /** @description judged subjects of the sample */
                                judged: number;
                                /** @description judged subjects of the sample by grade; "(none)" when no entry matched */
                                grades: {
                                    [key: string]: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your authority’s lists with their sizes and newest listings
         * @description Staff of an authority (any role). Every list of its schemes’ latest versions (and older lists that still hold listings), with listings by state and the five newest. Cached for 15 seconds.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lists: {
                                scheme: string;
                                list: string;
                                title: string | null;
                                type: string;
                                /** @description listings by state */
                                counts: {
                                    noticed: number;
                                    suspended: number;
                                    active: number;
                                    ended: number;
                                };
                                /** @description the newest listings, newest first */
                                recent: {
                                    id: number;
                                    subject: string;
                                    authority: string;
                                    scheme: string;
                                    version: number;
                                    list: string;
                                    /** @description the list’s one display name: its title, else its id in words */
                                    listTitle: string;
                                    listType: "blacklist" | "redlist" | "watchlist";
                                    state: "noticed" | "suspended" | "active" | "ended";
                                    noticedAt: string;
                                    /** @description when the sanctions take effect: the end of the appeal window */
                                    effectAt: string;
                                    activeSince: string | null;
                                    appealed: boolean;
                                    endedAt: string | null;
                                    endReason: string | null;
                                    /** @description an appeal filed now suspends the sanctions */
                                    appealWindowOpen: boolean;
                                    receivedAt: string | null;
                                    /** @description effectAt is provisional until the notice is received */
                                    effectProvisional: boolean;
                                    term: string | null;
                                    termEndsAt: string | null;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered actions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions: {
                                name: string;
                                domain: string;
                                /** @description the effect the action accepts: deny, limit, waive or priority */
                                effect: string;
                                description?: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Grants: which authority may sanction which action */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            grants: {
                                authority: string;
                                action: string;
                                /** @description RFC 3339 instant, UTC */
                                grantedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/authorities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Authorities */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorities: {
                                name: string;
                                kind: string | null;
                                title: string | null;
                                retention: string | null;
                                /** @description reports from the public (SPEC §14) */
                                reports: {
                                    /** @description whether it accepts reports from the public (POST /v1/reports) */
                                    open: boolean;
                                    /** @description reports one reporter may file to it in 24 hours */
                                    perDay: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Data-sharing grants between authorities
         * @description Every grant the operator made (SPEC §4): whose records another authority’s schemes may read, for what purpose, since when, and when it was revoked. A scheme reads another authority’s records only while such a grant holds.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            shares: {
                                /** @description the authority whose records are shared */
                                from: string;
                                /** @description the authority whose schemes may read them */
                                to: string;
                                purpose: string;
                                /** @description RFC 3339 instant, UTC */
                                grantedAt: string;
                                revokedAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lists published on the public register
         * @description Every list whose latest version says `publish: true`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lists: {
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                title: string | null;
                                type: "blacklist" | "redlist" | "watchlist";
                                /** @description entries name subjects in full (`publish: full`, organization lists only); otherwise persons are masked */
                                full: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/lists/{authority}/{scheme}/{list}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Active entries of a published list
         * @description Subjects whose listing is active, in subject order, with the instant its sanctions took effect. A person’s id is masked after `person:` (the first 6 and last 4 characters kept, the rest `*`; fewer for short ids) unless the list says `publish: full`, which only organization lists may. `next` is an opaque cursor that names no subject. 404 for a list that is not published.
         */
        get: {
            parameters: {
                query?: {
                    /** @description the `next` of the previous page */
                    after?: string;
                    /** @description page size, 1 to 1000 (default 100) */
                    limit?: string;
                };
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    /** @description scheme id */
                    scheme: string;
                    list: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** PublishedList */
                            list: {
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                title: string | null;
                                type: "blacklist" | "redlist" | "watchlist";
                                /** @description entries name subjects in full (`publish: full`, organization lists only); otherwise persons are masked */
                                full: boolean;
                            };
                            entries: {
                                /** @description masked for persons unless the list is published in full */
                                subject: string;
                                /** @description RFC 3339 instant, UTC */
                                since: string;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/lists/{authority}/{list}/entries/{subject}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether one known subject is on a published list
         * @description The exact lookup of SPEC §8: whoever already knows a subject’s id learns whether its listing on the authority’s published list is active, and since when. The register itself masks persons; this answers one question about one id. 404 for a list that is not published.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                    list: string;
                    /** @description person:… or org:… */
                    subject: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** PublishedList */
                            list: {
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                title: string | null;
                                type: "blacklist" | "redlist" | "watchlist";
                                /** @description entries name subjects in full (`publish: full`, organization lists only); otherwise persons are masked */
                                full: boolean;
                            };
                            subject: string;
                            listed: boolean;
                            since: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Aggregate statistics per authority
         * @description Subjects by grade per public scheme, listings started and ended, appeals filed, upheld and overturned, and the median time to decision.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description RFC 3339 instant, UTC */
                            at: string;
                            authorities: {
                                authority: string;
                                /** @description each scheme whose latest version is public */
                                schemes: {
                                    scheme: string;
                                    version: number;
                                    title: string | null;
                                    /** @description subjects with a score under the latest version */
                                    judged: number;
                                    /** @description judged subjects by grade; null: no grade entry matched */
                                    grades: {
                                        grade: string | null;
                                        count: number;
                                    }[];
                                }[];
                                listings: {
                                    started: number;
                                    ended: number;
                                };
                                appeals: {
                                    filed: number;
                                    upheld: number;
                                    overturned: number;
                                    pending: number;
                                    medianDecisionMs: number | null;
                                };
                                /** @description record disputes with the authority (SPEC §6) */
                                disputes: {
                                    /** @description ISO 8601 duration within which the authority decides a dispute */
                                    deadline: string;
                                    filed: number;
                                    pending: number;
                                    /** @description pending past their deadline: their records do not count until decided */
                                    overdue: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The latest signed checkpoint of every audit chain
         * @description Public. One C2SP tlog-checkpoint note per chain, signed with the operator’s checkpoint key (`standing audit checkpoint`). Keep them: `standing audit verify --checkpoint FILE --verifier VKEY` later proves the log still extends them.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checkpoints: {
                                chain: string;
                                /** @description entries in the chain when signed */
                                size: number;
                                /** @description hex SHA-256 of entry number `size` */
                                head: string;
                                /** @description RFC 3339 instant, UTC */
                                signedAt: string;
                                /** @description the C2SP tlog-checkpoint signed note, as signed (docs/audit.md) */
                                note: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/{authority}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Entries of an authority’s audit chain
         * @description Auditors of the authority. In sequence order; pass the returned `next` as `after` for the next page.
         */
        get: {
            parameters: {
                query?: {
                    /** @description continue after this sequence number */
                    after?: string;
                    /** @description page size, 1 to 1000 (default 100) */
                    limit?: string;
                };
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chain: string;
                            entries: {
                                seq: number;
                                /** @description RFC 3339 instant, UTC */
                                at: string;
                                type: string;
                                /** @description the fact, as its canonical JSON was hashed */
                                payload: unknown;
                                /** @description SHA-256 of the previous entry */
                                prev: string;
                                /** @description SHA-256 of this entry */
                                hash: string;
                            }[];
                            next: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/{authority}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify an authority’s audit chain
         * @description Auditors of the authority. Recomputes the chain and checks the records, scheme versions and listings it vouches for (as `standing audit verify`), reporting this chain’s problems and its head.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description authority name */
                    authority: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            chain: {
                                chain: string;
                                entries: number;
                                /** @description hash of the last entry */
                                head: string;
                            };
                            problems: {
                                chain?: string;
                                seq?: number;
                                table?: string;
                                id?: string | number;
                                message: string;
                            }[];
                            /** @description problems of any chain beyond the report’s limit; when > 0 this chain may have more */
                            omitted: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The authority’s statements of reasons in the DSA Transparency Database API’s shape
         * @description Auditors, for their own authority: one statement per notice of a blacklist or watchlist listing issued at or after `since`, oldest first, each validated against the API’s fields, enumerations and lengths (docs/statements.md). The body is the API’s multiple-statement request body.
         */
        get: {
            parameters: {
                query: {
                    /** @description the only format: the DSA Transparency Database API */
                    format: "dsa-tdb";
                    /** @description RFC 3339 instant: notices issued at or after it */
                    since?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statements: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notice-links/{listing}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a notice through the link of its e-mail
         * @description No sign-in: the token from the e-mail link authorizes exactly this: reading this one notice’s statement of reasons and recording its receipt (SPEC §6), from which the appeal window runs. A forged token, or one for another notice, is refused with NOTICE_LINK_INVALID (403); an expired one (30 days after issue) with NOTICE_LINK_EXPIRED (410). Appeals and the rest of the file need sign-in.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    listing: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Listing */
                            listing: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                            };
                            /**
                             * Notice
                             * @description The statement of reasons a listing was noticed with (SPEC §6).
                             */
                            notice: {
                                listing: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: {
                                    id: string;
                                    title: string | null;
                                    type: string;
                                    condition: string;
                                };
                                sanctions: {
                                    action: string;
                                    effect: string;
                                    limit?: {
                                        [key: string]: number;
                                    };
                                    justification?: string;
                                    basis?: string;
                                }[];
                                basis: string | null;
                                /** @description Kept for older notices: detection and decision were both automated. */
                                automated: boolean;
                                /** @description Whether the facts were detected by automated means. */
                                automatedDetection?: boolean;
                                /** @description Whether the decision was taken by automated means. */
                                automatedDecision?: boolean;
                                /** @description The legal ground (the scheme’s basis), else the published scheme as the contractual ground. */
                                ground?: {
                                    kind: "legal" | "contractual";
                                    text: string;
                                };
                                /** @description The restriction, its scope and duration, in words. */
                                scope?: string;
                                /** @description Every form of redress with its deadline. */
                                redress?: {
                                    kind: "appeal" | "second-instance" | "record-dispute";
                                    until: string | null;
                                    within: string | null;
                                    from: string | null;
                                    how: string;
                                }[];
                                facts: {
                                    score: number | null;
                                    grade: string | null;
                                    contributions: {
                                        key: string;
                                        authority: string;
                                        rule: string;
                                        points: number;
                                        capped: number;
                                    }[];
                                    errors: {
                                        rule: string;
                                        site: string;
                                        key?: string;
                                        message: string;
                                    }[];
                                    listConditions: {
                                        id: string;
                                        value: boolean;
                                        error?: string;
                                        /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                        records?: string[];
                                    }[];
                                    liveRecords: string[];
                                };
                                noticedAt: string;
                                effectAt: string;
                                /** @description effectAt as issued (issue + P2D + appeal); fixed when the notice is received */
                                effectProvisional?: boolean;
                                termEndsAt?: string | null;
                                appeal: {
                                    until: string;
                                    how: string;
                                };
                                /** @description The scheme’s translations of the list title, basis and sanction texts, by language (zh-CN). */
                                translations?: {
                                    [key: string]: {
                                        listTitle?: string;
                                        basis?: string;
                                        sanctions?: {
                                            justification?: string;
                                            basis?: string;
                                        }[];
                                    };
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with an account and password
         * @description Returns a session token and sets it as the HttpOnly, SameSite=Strict cookie `standing_session`. Send it back as the cookie or as `Authorization: Session <token>`. Sessions last 12 hours.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description lower-case letters, digits, . _ @ - */
                        account: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: string;
                            expiresAt: string;
                            /**
                             * Principal
                             * @description Who is asking: staff of an authority (account or API key), a relying party, a subject, or a registrar of the operator’s identity desk.
                             */
                            principal: {
                                /** @enum {string} */
                                type: "staff";
                                authority: string;
                                roles: string[];
                                account: string | null;
                                key: string | null;
                            } | {
                                /** @enum {string} */
                                type: "party";
                                party: string;
                                key: string;
                            } | {
                                /** @enum {string} */
                                type: "subject";
                                subject: string;
                                account: string;
                                language?: string | null;
                            } | {
                                /** @enum {string} */
                                type: "registrar";
                                account: string;
                            } | {
                                /** @enum {string} */
                                type: "operator";
                            } | {
                                /** @enum {string} */
                                type: "anonymous";
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sign out
         * @description Ends the session this request carries and clears its cookie. API keys have no session: revoke them instead.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description The principal the credentials of this request stand for.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Who is asking: staff of an authority (account or API key), a relying party, a subject, or a registrar of the operator’s identity desk. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            type: "staff";
                            authority: string;
                            roles: string[];
                            account: string | null;
                            key: string | null;
                        } | {
                            /** @enum {string} */
                            type: "party";
                            party: string;
                            key: string;
                        } | {
                            /** @enum {string} */
                            type: "subject";
                            subject: string;
                            account: string;
                            language?: string | null;
                        } | {
                            /** @enum {string} */
                            type: "registrar";
                            account: string;
                        } | {
                            /** @enum {string} */
                            type: "operator";
                        } | {
                            /** @enum {string} */
                            type: "anonymous";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/language": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set my language
         * @description The language of the pages, notices and messages for the signed-in account: en or zh-CN (null clears it, and the Accept-Language of each request decides). Error codes never change with it.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        language: ("en" | "zh-CN") | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            language: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enrolment-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a one-time enrolment code for a subject
         * @description A registrar of the operator’s identity desk, signed in to its account; an authority’s admin is refused (403): an authority that could enrol a subject could read that subject’s file of every authority. The code is bound to the subject, shown once, valid for 24 hours, for one enrolment — also of a further account of a subject that has one. Issuing is audited and announced in the subject’s inbox.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description person:… or org:… */
                        subject: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            subject: string;
                            expiresAt: string;
                            /** @description accounts the subject has already */
                            existingAccounts: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enrolments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enrol as a subject with a one-time code
         * @description Creates the subject’s account with its password; then sign in with `POST /v1/sessions`. The code is the credential: no other is needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        /** @description lower-case letters, digits, . _ @ - */
                        account: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Who is asking: staff of an authority (account or API key), a relying party, a subject, or a registrar of the operator’s identity desk. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            type: "staff";
                            authority: string;
                            roles: string[];
                            account: string | null;
                            key: string | null;
                        } | {
                            /** @enum {string} */
                            type: "party";
                            party: string;
                            key: string;
                        } | {
                            /** @enum {string} */
                            type: "subject";
                            subject: string;
                            account: string;
                            language?: string | null;
                        } | {
                            /** @enum {string} */
                            type: "registrar";
                            account: string;
                        } | {
                            /** @enum {string} */
                            type: "operator";
                        } | {
                            /** @enum {string} */
                            type: "anonymous";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API keys of your authority
         * @description Admins only; revoked keys included. Never secrets or hashes.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys: {
                                id: string;
                                authority: string | null;
                                roles: string[];
                                party: string | null;
                                label: string | null;
                                createdAt: string;
                                lastUsedAt: string | null;
                                revokedAt: string | null;
                                createdBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key of your authority
         * @description Admins only, for their own authority. The secret is shown this once; only its SHA-256 is kept.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        roles: ("admin" | "reporter" | "reviewer" | "auditor")[];
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description send as `Authorization: Bearer <secret>`; shown once */
                            secret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key of your authority
         * @description Admins of the key’s authority; to anyone else the key does not exist (404). Revoking a revoked key changes nothing.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A key as listed: never its secret or hash. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            authority: string | null;
                            roles: string[];
                            party: string | null;
                            label: string | null;
                            createdAt: string;
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                            createdBy: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listings of your authority
         * @description Staff of an authority (any role) page through its listings in id order; other authorities’ listings are never shown.
         */
        get: {
            parameters: {
                query?: {
                    /** @description person:… or org:… */
                    subject?: string;
                    state?: "noticed" | "suspended" | "active" | "ended";
                    scheme?: string;
                    list?: string;
                    /** @description continue after this sequence number */
                    after?: string;
                    /** @description page size, 1 to 1000 (default 100) */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            listings: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                            }[];
                            next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/listings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One listing with its notice and appeal
         * @description Staff of the listing’s authority, or its subject. To anyone else it does not exist (404).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A listing with its notice (none for redlists) and its appeal, if any. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            subject: string;
                            authority: string;
                            scheme: string;
                            version: number;
                            list: string;
                            /** @description the list’s one display name: its title, else its id in words */
                            listTitle: string;
                            listType: "blacklist" | "redlist" | "watchlist";
                            state: "noticed" | "suspended" | "active" | "ended";
                            noticedAt: string;
                            /** @description when the sanctions take effect: the end of the appeal window */
                            effectAt: string;
                            activeSince: string | null;
                            appealed: boolean;
                            endedAt: string | null;
                            endReason: string | null;
                            /** @description an appeal filed now suspends the sanctions */
                            appealWindowOpen: boolean;
                            receivedAt: string | null;
                            /** @description effectAt is provisional until the notice is received */
                            effectProvisional: boolean;
                            term: string | null;
                            termEndsAt: string | null;
                            notice: {
                                listing: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: {
                                    id: string;
                                    title: string | null;
                                    type: string;
                                    condition: string;
                                };
                                sanctions: {
                                    action: string;
                                    effect: string;
                                    limit?: {
                                        [key: string]: number;
                                    };
                                    justification?: string;
                                    basis?: string;
                                }[];
                                basis: string | null;
                                /** @description Kept for older notices: detection and decision were both automated. */
                                automated: boolean;
                                /** @description Whether the facts were detected by automated means. */
                                automatedDetection?: boolean;
                                /** @description Whether the decision was taken by automated means. */
                                automatedDecision?: boolean;
                                /** @description The legal ground (the scheme’s basis), else the published scheme as the contractual ground. */
                                ground?: {
                                    kind: "legal" | "contractual";
                                    text: string;
                                };
                                /** @description The restriction, its scope and duration, in words. */
                                scope?: string;
                                /** @description Every form of redress with its deadline. */
                                redress?: {
                                    kind: "appeal" | "second-instance" | "record-dispute";
                                    until: string | null;
                                    within: string | null;
                                    from: string | null;
                                    how: string;
                                }[];
                                facts: {
                                    score: number | null;
                                    grade: string | null;
                                    contributions: {
                                        key: string;
                                        authority: string;
                                        rule: string;
                                        points: number;
                                        capped: number;
                                    }[];
                                    errors: {
                                        rule: string;
                                        site: string;
                                        key?: string;
                                        message: string;
                                    }[];
                                    listConditions: {
                                        id: string;
                                        value: boolean;
                                        error?: string;
                                        /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                        records?: string[];
                                    }[];
                                    liveRecords: string[];
                                };
                                noticedAt: string;
                                effectAt: string;
                                /** @description effectAt as issued (issue + P2D + appeal); fixed when the notice is received */
                                effectProvisional?: boolean;
                                termEndsAt?: string | null;
                                appeal: {
                                    until: string;
                                    how: string;
                                };
                                /** @description The scheme’s translations of the list title, basis and sanction texts, by language (zh-CN). */
                                translations?: {
                                    [key: string]: {
                                        listTitle?: string;
                                        basis?: string;
                                        sanctions?: {
                                            justification?: string;
                                            basis?: string;
                                        }[];
                                    };
                                };
                            } | null;
                            appeal: {
                                id: number;
                                listing: number;
                                subject: string;
                                authority: string;
                                statement: string;
                                filedAt: string;
                                /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                late: boolean;
                                /** @description the listing’s effect instant */
                                deadline: string;
                                state: "pending" | "upheld" | "overturned";
                                decidedAt: string | null;
                                reasons: string | null;
                                retracted: string[];
                                exempt: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            } | null;
                            /** @description records among the notice’s facts now under a pending dispute */
                            disputed: {
                                /** @description authority/key */
                                record: string;
                                dispute: number;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description past the deadline undecided: the record does not count until decided */
                                overdue: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/listings/{id}/appeal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Appeal your listing
         * @description The listed subject only, once per listing. Filed before the effect instant it suspends the sanctions until a human reviewer decides; filed later it is still reviewed while they apply.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description in the subject’s own words */
                        statement: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            listing: number;
                            subject: string;
                            authority: string;
                            statement: string;
                            filedAt: string;
                            /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                            late: boolean;
                            /** @description the listing’s effect instant */
                            deadline: string;
                            state: "pending" | "upheld" | "overturned";
                            decidedAt: string | null;
                            reasons: string | null;
                            retracted: string[];
                            exempt: boolean;
                            filedBy?: string | null;
                            decidedBy?: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/listings/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List a subject by decision
         * @description Admins of an authority, on a `manual: true` list of one of its schemes. Opens a listing in `noticed` whose notice states the reason, basis and evidence; the appeal window, appeal, term and audit follow as for scored listings. Idempotent by `key`: the same decision again answers 200 `unchanged`; the key with other content is DECISION_CONFLICT (409).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the authority’s key for the decision (case or order number); default: derived from the content */
                        key?: string;
                        /** @description person:… or org:… */
                        subject: string;
                        /** @description ID or ID@VERSION of one of your schemes */
                        scheme: string;
                        /** @description a list with manual: true */
                        list: string;
                        /** @description why the subject is listed: the statement of reasons the notice carries */
                        reason: string;
                        /** @description the legal basis of the decision */
                        basis: string;
                        /** @description an http(s) URL */
                        evidence?: string;
                        /** @description ISO 8601, at most the list’s maxTerm (default: it) */
                        term?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outcome: "opened" | "unchanged";
                            listing: number;
                            key: string;
                            authority: string;
                            subject: string;
                            list: string;
                            state: string;
                            /** @description RFC 3339 instant, UTC */
                            effectAt: string;
                            termEndsAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outcome: "opened" | "unchanged";
                            listing: number;
                            key: string;
                            authority: string;
                            subject: string;
                            list: string;
                            state: string;
                            /** @description RFC 3339 instant, UTC */
                            effectAt: string;
                            termEndsAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/listings/decisions/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List subjects by decision, in a batch
         * @description As POST /v1/listings/decisions, for up to 1000 decisions. Each is its own unit: a bad one is reported by its index and writes nothing, the others are kept; an error in the request itself rejects it whole.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        decisions: unknown[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: {
                                index: number;
                                /** ListingDecisionOutcome */
                                listing: {
                                    outcome: "opened" | "unchanged";
                                    listing: number;
                                    key: string;
                                    authority: string;
                                    subject: string;
                                    list: string;
                                    state: string;
                                    /** @description RFC 3339 instant, UTC */
                                    effectAt: string;
                                    termEndsAt: string | null;
                                };
                            }[];
                            errors: {
                                index: number;
                                code: string;
                                message: string;
                                field?: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{authority}/{key}/disputes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dispute a record about you
         * @description The record’s subject only; a reviewer of the reporting authority retracts or confirms it with reasons. One open dispute per record.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    authority: string;
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why the record is wrong */
                        statement: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            authority: string;
                            key: string;
                            subject: string;
                            statement: string;
                            filedAt: string;
                            state: "pending" | "retracted" | "confirmed";
                            decidedAt: string | null;
                            reasons: string | null;
                            /** @description when the reporting authority must decide by */
                            deadline: string;
                            /** @description pending past its deadline: the record does not count until decided */
                            overdue: boolean;
                            filedBy?: string | null;
                            decidedBy?: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/review/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pending appeals and disputes of your authority
         * @description Reviewers only. Appeals in order of their deadline (the listing’s effect instant), a page at a time, narrowed by `state` (default pending), `list`, `dueBefore` (an instant or a date, midnight UTC) and `dueWithinDays`; disputes in the order filed.
         */
        get: {
            parameters: {
                query?: {
                    /** @description appeals in this state (default pending) */
                    state?: "pending" | "upheld" | "overturned";
                    /** @description only this list */
                    list?: string;
                    /** @description an RFC 3339 instant (default now) */
                    dueBefore?: string;
                    /** @description only appeals due within this many days of now (0: overdue ones) */
                    dueWithinDays?: string;
                    /** @description skip this many appeals */
                    offset?: string;
                    /** @description page size, 1 to 1000 (default 100) */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            now: string;
                            /** @description appeals matching the filter, on every page */
                            total: number;
                            offset: number;
                            limit: number;
                            /** @description the lists appealed in this state, for a filter: id and display name */
                            lists: {
                                id: string;
                                title: string;
                            }[];
                            appeals: {
                                id: number;
                                listing: number;
                                subject: string;
                                authority: string;
                                statement: string;
                                filedAt: string;
                                /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                late: boolean;
                                /** @description the listing’s effect instant */
                                deadline: string;
                                state: "pending" | "upheld" | "overturned";
                                decidedAt: string | null;
                                reasons: string | null;
                                retracted: string[];
                                exempt: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                                /** @description the list of the appealed listing */
                                list: string;
                                /** @description its display name: the list’s title, else its id in words */
                                listTitle: string;
                                /** @description until the deadline; 0 once it has passed */
                                timeLeftMs: number;
                            }[];
                            disputes: {
                                id: number;
                                authority: string;
                                key: string;
                                subject: string;
                                statement: string;
                                filedAt: string;
                                state: "pending" | "retracted" | "confirmed";
                                decidedAt: string | null;
                                reasons: string | null;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description pending past its deadline: the record does not count until decided */
                                overdue: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One appeal
         * @description A reviewer of the listing’s authority, or the subject who appealed. To anyone else it does not exist (404).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            listing: number;
                            subject: string;
                            authority: string;
                            statement: string;
                            filedAt: string;
                            /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                            late: boolean;
                            /** @description the listing’s effect instant */
                            deadline: string;
                            state: "pending" | "upheld" | "overturned";
                            decidedAt: string | null;
                            reasons: string | null;
                            retracted: string[];
                            exempt: boolean;
                            filedBy?: string | null;
                            decidedBy?: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dispute
         * @description A reviewer of the record’s authority, or the subject who disputed it. To anyone else it does not exist (404).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            authority: string;
                            key: string;
                            subject: string;
                            statement: string;
                            filedAt: string;
                            state: "pending" | "retracted" | "confirmed";
                            decidedAt: string | null;
                            reasons: string | null;
                            /** @description when the reporting authority must decide by */
                            deadline: string;
                            /** @description pending past its deadline: the record does not count until decided */
                            overdue: boolean;
                            filedBy?: string | null;
                            decidedBy?: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide an appeal
         * @description A human reviewer of the listing’s authority, with written reasons. Uphold makes the listing active (at the effect instant at the earliest); overturn ends it and may retract records of your authority and exempt the subject from this list. Nobody decides a case resting on a record they submitted (403 REVIEW_CONFLICT).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        outcome: "uphold" | "overturn";
                        /** @description the written reasons the subject receives */
                        reasons: string;
                        /** @description keys of your authority’s records to retract (overturn only) */
                        retract?: string[];
                        /** @description exempt the subject from this list until a newer record qualifies it again (overturn only) */
                        exempt?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            listing: number;
                            subject: string;
                            authority: string;
                            statement: string;
                            filedAt: string;
                            /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                            late: boolean;
                            /** @description the listing’s effect instant */
                            deadline: string;
                            state: "pending" | "upheld" | "overturned";
                            decidedAt: string | null;
                            reasons: string | null;
                            retracted: string[];
                            exempt: boolean;
                            filedBy?: string | null;
                            decidedBy?: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide a dispute
         * @description A reviewer of the record’s authority retracts or confirms the record with written reasons; not the account that submitted it (403 REVIEW_CONFLICT).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        outcome: "retract" | "confirm";
                        /** @description the written reasons the subject receives */
                        reasons: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            authority: string;
                            key: string;
                            subject: string;
                            statement: string;
                            filedAt: string;
                            state: "pending" | "retracted" | "confirmed";
                            decidedAt: string | null;
                            reasons: string | null;
                            /** @description when the reporting authority must decide by */
                            deadline: string;
                            /** @description pending past its deadline: the record does not count until decided */
                            overdue: boolean;
                            filedBy?: string | null;
                            decidedBy?: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every record about you
         * @description From every authority, retracted ones included with the reason. Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            records: {
                                authority: string;
                                key: string;
                                subject: string;
                                kind: string;
                                occurredAt: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                evidence: string | null;
                                receivedAt: string;
                                retracted: {
                                    at: string;
                                    reason: string | null;
                                } | null;
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                } | null;
                                /** @description For a record that came from a report (SPEC §14): "a member of the public", or the name of the authority that reported it. */
                                reportedBy?: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your score and grade under every scheme that judges you
         * @description Also schemes that are not public. Each with the full explanation and where the score stands among the scheme’s judged subjects. Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemes: {
                                authority: string;
                                scheme: string;
                                version: number;
                                title: string | null;
                                public: boolean;
                                context: string;
                                basis: string | null;
                                consent: "none" | "required";
                                notJudged: "no-consent" | null;
                                score: number | null;
                                grade: string | null;
                                lists: string[];
                                /** Explanation */
                                explanation: {
                                    at: string;
                                    candidates: number;
                                    /** @description record key, rule, points before (`points`) and after (`capped`) the cap */
                                    contributions: {
                                        key: string;
                                        authority: string;
                                        rule: string;
                                        points: number;
                                        capped: number;
                                    }[];
                                    errors: {
                                        rule: string;
                                        site: string;
                                        key?: string;
                                        message: string;
                                    }[];
                                    listConditions: {
                                        id: string;
                                        value: boolean;
                                        error?: string;
                                        /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                        records?: string[];
                                    }[];
                                    /** @description "authority/key" of each live record */
                                    liveRecords: string[];
                                    /** @description records under a pending dispute among the scheme’s sources; overdue ones are not candidates */
                                    disputed: {
                                        /** @description authority/key */
                                        record: string;
                                        dispute: number;
                                        /** @description when the reporting authority must decide by */
                                        deadline: string;
                                        /** @description past the deadline undecided: the record does not count until decided */
                                        overdue: boolean;
                                    }[];
                                };
                                standing: {
                                    /** @description 1 is the highest score */
                                    rank: number;
                                    /** @description judged subjects of the scheme */
                                    of: number;
                                    /** @description share of judged subjects scoring below, ties counted half, in percent */
                                    percentile: number;
                                } | null;
                                /** @description a shadow version of this scheme also judges the subject: a version under test, never enforced */
                                versionUnderTest: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your listings with their notices
         * @description Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            listings: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                                notice: {
                                    listing: number;
                                    subject: string;
                                    authority: string;
                                    scheme: string;
                                    version: number;
                                    list: {
                                        id: string;
                                        title: string | null;
                                        type: string;
                                        condition: string;
                                    };
                                    sanctions: {
                                        action: string;
                                        effect: string;
                                        limit?: {
                                            [key: string]: number;
                                        };
                                        justification?: string;
                                        basis?: string;
                                    }[];
                                    basis: string | null;
                                    /** @description Kept for older notices: detection and decision were both automated. */
                                    automated: boolean;
                                    /** @description Whether the facts were detected by automated means. */
                                    automatedDetection?: boolean;
                                    /** @description Whether the decision was taken by automated means. */
                                    automatedDecision?: boolean;
                                    /** @description The legal ground (the scheme’s basis), else the published scheme as the contractual ground. */
                                    ground?: {
                                        kind: "legal" | "contractual";
                                        text: string;
                                    };
                                    /** @description The restriction, its scope and duration, in words. */
                                    scope?: string;
                                    /** @description Every form of redress with its deadline. */
                                    redress?: {
                                        kind: "appeal" | "second-instance" | "record-dispute";
                                        until: string | null;
                                        within: string | null;
                                        from: string | null;
                                        how: string;
                                    }[];
                                    facts: {
                                        score: number | null;
                                        grade: string | null;
                                        contributions: {
                                            key: string;
                                            authority: string;
                                            rule: string;
                                            points: number;
                                            capped: number;
                                        }[];
                                        errors: {
                                            rule: string;
                                            site: string;
                                            key?: string;
                                            message: string;
                                        }[];
                                        listConditions: {
                                            id: string;
                                            value: boolean;
                                            error?: string;
                                            /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                            records?: string[];
                                        }[];
                                        liveRecords: string[];
                                    };
                                    noticedAt: string;
                                    effectAt: string;
                                    /** @description effectAt as issued (issue + P2D + appeal); fixed when the notice is received */
                                    effectProvisional?: boolean;
                                    termEndsAt?: string | null;
                                    appeal: {
                                        until: string;
                                        how: string;
                                    };
                                    /** @description The scheme’s translations of the list title, basis and sanction texts, by language (zh-CN). */
                                    translations?: {
                                        [key: string]: {
                                            listTitle?: string;
                                            basis?: string;
                                            sanctions?: {
                                                justification?: string;
                                                basis?: string;
                                            }[];
                                        };
                                    };
                                } | null;
                                appeal: {
                                    id: number;
                                    listing: number;
                                    subject: string;
                                    authority: string;
                                    statement: string;
                                    filedAt: string;
                                    /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                    late: boolean;
                                    /** @description the listing’s effect instant */
                                    deadline: string;
                                    state: "pending" | "upheld" | "overturned";
                                    decidedAt: string | null;
                                    reasons: string | null;
                                    retracted: string[];
                                    exempt: boolean;
                                    filedBy?: string | null;
                                    decidedBy?: string | null;
                                } | null;
                                /** @description records among the notice’s facts now under a pending dispute */
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your inbox: notices, outcomes and ends
         * @description Oldest first. Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            messages: {
                                id: number;
                                kind: "notice" | "listing-active" | "listing-ended" | "appeal-received" | "appeal-decided" | "dispute-received" | "dispute-decided" | "dispute-overdue" | "second-instance-received" | "second-instance-decided" | "enrolment" | "effect-fixed" | "sanction-lifted";
                                listing: number | null;
                                authority: string;
                                at: string;
                                body: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your appeals and their outcomes
         * @description Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            appeals: {
                                id: number;
                                listing: number;
                                subject: string;
                                authority: string;
                                statement: string;
                                filedAt: string;
                                /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                late: boolean;
                                /** @description the listing’s effect instant */
                                deadline: string;
                                state: "pending" | "upheld" | "overturned";
                                decidedAt: string | null;
                                reasons: string | null;
                                retracted: string[];
                                exempt: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/disputes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your record disputes and their outcomes
         * @description Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            disputes: {
                                id: number;
                                authority: string;
                                key: string;
                                subject: string;
                                statement: string;
                                filedAt: string;
                                state: "pending" | "retracted" | "confirmed";
                                decidedAt: string | null;
                                reasons: string | null;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description pending past its deadline: the record does not count until decided */
                                overdue: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who checked you
         * @description Every check of a relying party about you: who, which action, what they were told, when. Oldest first. Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                party: string;
                                action: string;
                                /** @description allow, deny, limit, waive, priority, or refused; for a pass of a scheme grade, grade:ID or no-grade. A pass verification names the party "pass holder" (with the pass's recipient, if any). */
                                effect: string;
                                at: string;
                                /** @description The decision id the answer carried (null: refused, or logged before decision ids existed). */
                                decision: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sharing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whose records about you other authorities read, and why
         * @description Each data-sharing grant the operator made under which a scheme of one authority reads another’s records about you, with its purpose; revoked ones too. Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            grants: {
                                /** @description the authority whose records about you are read */
                                from: string;
                                /** @description the authority whose scheme reads them */
                                to: string;
                                scheme: string;
                                /** @description the purpose the operator granted the sharing for */
                                purpose: string;
                                grantedAt: string;
                                revokedAt: string | null;
                                /** @description records of `from` about you */
                                records: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything held about you
         * @description Records, schemes that judge you with scores and explanations, listings with notices, appeals, disputes, inbox and access log (SPEC §7), read at one instant.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Everything held about the subject (SPEC §7). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subject: string;
                            at: string;
                            records: {
                                authority: string;
                                key: string;
                                subject: string;
                                kind: string;
                                occurredAt: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                evidence: string | null;
                                receivedAt: string;
                                retracted: {
                                    at: string;
                                    reason: string | null;
                                } | null;
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                } | null;
                                /** @description For a record that came from a report (SPEC §14): "a member of the public", or the name of the authority that reported it. */
                                reportedBy?: string;
                            }[];
                            schemes: {
                                authority: string;
                                scheme: string;
                                version: number;
                                title: string | null;
                                public: boolean;
                                context: string;
                                basis: string | null;
                                consent: "none" | "required";
                                notJudged: "no-consent" | null;
                                score: number | null;
                                grade: string | null;
                                lists: string[];
                                /** Explanation */
                                explanation: {
                                    at: string;
                                    candidates: number;
                                    /** @description record key, rule, points before (`points`) and after (`capped`) the cap */
                                    contributions: {
                                        key: string;
                                        authority: string;
                                        rule: string;
                                        points: number;
                                        capped: number;
                                    }[];
                                    errors: {
                                        rule: string;
                                        site: string;
                                        key?: string;
                                        message: string;
                                    }[];
                                    listConditions: {
                                        id: string;
                                        value: boolean;
                                        error?: string;
                                        /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                        records?: string[];
                                    }[];
                                    /** @description "authority/key" of each live record */
                                    liveRecords: string[];
                                    /** @description records under a pending dispute among the scheme’s sources; overdue ones are not candidates */
                                    disputed: {
                                        /** @description authority/key */
                                        record: string;
                                        dispute: number;
                                        /** @description when the reporting authority must decide by */
                                        deadline: string;
                                        /** @description past the deadline undecided: the record does not count until decided */
                                        overdue: boolean;
                                    }[];
                                };
                                standing: {
                                    /** @description 1 is the highest score */
                                    rank: number;
                                    /** @description judged subjects of the scheme */
                                    of: number;
                                    /** @description share of judged subjects scoring below, ties counted half, in percent */
                                    percentile: number;
                                } | null;
                                /** @description a shadow version of this scheme also judges the subject: a version under test, never enforced */
                                versionUnderTest: boolean;
                            }[];
                            listings: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                                notice: {
                                    listing: number;
                                    subject: string;
                                    authority: string;
                                    scheme: string;
                                    version: number;
                                    list: {
                                        id: string;
                                        title: string | null;
                                        type: string;
                                        condition: string;
                                    };
                                    sanctions: {
                                        action: string;
                                        effect: string;
                                        limit?: {
                                            [key: string]: number;
                                        };
                                        justification?: string;
                                        basis?: string;
                                    }[];
                                    basis: string | null;
                                    /** @description Kept for older notices: detection and decision were both automated. */
                                    automated: boolean;
                                    /** @description Whether the facts were detected by automated means. */
                                    automatedDetection?: boolean;
                                    /** @description Whether the decision was taken by automated means. */
                                    automatedDecision?: boolean;
                                    /** @description The legal ground (the scheme’s basis), else the published scheme as the contractual ground. */
                                    ground?: {
                                        kind: "legal" | "contractual";
                                        text: string;
                                    };
                                    /** @description The restriction, its scope and duration, in words. */
                                    scope?: string;
                                    /** @description Every form of redress with its deadline. */
                                    redress?: {
                                        kind: "appeal" | "second-instance" | "record-dispute";
                                        until: string | null;
                                        within: string | null;
                                        from: string | null;
                                        how: string;
                                    }[];
                                    facts: {
                                        score: number | null;
                                        grade: string | null;
                                        contributions: {
                                            key: string;
                                            authority: string;
                                            rule: string;
                                            points: number;
                                            capped: number;
                                        }[];
                                        errors: {
                                            rule: string;
                                            site: string;
                                            key?: string;
                                            message: string;
                                        }[];
                                        listConditions: {
                                            id: string;
                                            value: boolean;
                                            error?: string;
                                            /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                            records?: string[];
                                        }[];
                                        liveRecords: string[];
                                    };
                                    noticedAt: string;
                                    effectAt: string;
                                    /** @description effectAt as issued (issue + P2D + appeal); fixed when the notice is received */
                                    effectProvisional?: boolean;
                                    termEndsAt?: string | null;
                                    appeal: {
                                        until: string;
                                        how: string;
                                    };
                                    /** @description The scheme’s translations of the list title, basis and sanction texts, by language (zh-CN). */
                                    translations?: {
                                        [key: string]: {
                                            listTitle?: string;
                                            basis?: string;
                                            sanctions?: {
                                                justification?: string;
                                                basis?: string;
                                            }[];
                                        };
                                    };
                                } | null;
                                appeal: {
                                    id: number;
                                    listing: number;
                                    subject: string;
                                    authority: string;
                                    statement: string;
                                    filedAt: string;
                                    /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                    late: boolean;
                                    /** @description the listing’s effect instant */
                                    deadline: string;
                                    state: "pending" | "upheld" | "overturned";
                                    decidedAt: string | null;
                                    reasons: string | null;
                                    retracted: string[];
                                    exempt: boolean;
                                    filedBy?: string | null;
                                    decidedBy?: string | null;
                                } | null;
                                /** @description records among the notice’s facts now under a pending dispute */
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                }[];
                            }[];
                            appeals: {
                                id: number;
                                listing: number;
                                subject: string;
                                authority: string;
                                statement: string;
                                filedAt: string;
                                /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                late: boolean;
                                /** @description the listing’s effect instant */
                                deadline: string;
                                state: "pending" | "upheld" | "overturned";
                                decidedAt: string | null;
                                reasons: string | null;
                                retracted: string[];
                                exempt: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                            disputes: {
                                id: number;
                                authority: string;
                                key: string;
                                subject: string;
                                statement: string;
                                filedAt: string;
                                state: "pending" | "retracted" | "confirmed";
                                decidedAt: string | null;
                                reasons: string | null;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description pending past its deadline: the record does not count until decided */
                                overdue: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                            inbox: {
                                id: number;
                                kind: "notice" | "listing-active" | "listing-ended" | "appeal-received" | "appeal-decided" | "dispute-received" | "dispute-decided" | "dispute-overdue" | "second-instance-received" | "second-instance-decided" | "enrolment" | "effect-fixed" | "sanction-lifted";
                                listing: number | null;
                                authority: string;
                                at: string;
                                body: {
                                    [key: string]: unknown;
                                };
                            }[];
                            accessLog: {
                                party: string;
                                action: string;
                                /** @description allow, deny, limit, waive, priority, or refused; for a pass of a scheme grade, grade:ID or no-grade. A pass verification names the party "pass holder" (with the pass's recipient, if any). */
                                effect: string;
                                at: string;
                                /** @description The decision id the answer carried (null: refused, or logged before decision ids existed). */
                                decision: string | null;
                            }[];
                            sharing: {
                                /** @description the authority whose records about you are read */
                                from: string;
                                /** @description the authority whose scheme reads them */
                                to: string;
                                scheme: string;
                                /** @description the purpose the operator granted the sharing for */
                                purpose: string;
                                grantedAt: string;
                                revokedAt: string | null;
                                /** @description records of `from` about you */
                                records: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download your complete file
         * @description The whole file as one JSON attachment, labelled `format: "standing.subject-file/1"`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            format: "standing.subject-file/1";
                            subject: string;
                            at: string;
                            records: {
                                authority: string;
                                key: string;
                                subject: string;
                                kind: string;
                                occurredAt: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                evidence: string | null;
                                receivedAt: string;
                                retracted: {
                                    at: string;
                                    reason: string | null;
                                } | null;
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                } | null;
                                /** @description For a record that came from a report (SPEC §14): "a member of the public", or the name of the authority that reported it. */
                                reportedBy?: string;
                            }[];
                            schemes: {
                                authority: string;
                                scheme: string;
                                version: number;
                                title: string | null;
                                public: boolean;
                                context: string;
                                basis: string | null;
                                consent: "none" | "required";
                                notJudged: "no-consent" | null;
                                score: number | null;
                                grade: string | null;
                                lists: string[];
                                /** Explanation */
                                explanation: {
                                    at: string;
                                    candidates: number;
                                    /** @description record key, rule, points before (`points`) and after (`capped`) the cap */
                                    contributions: {
                                        key: string;
                                        authority: string;
                                        rule: string;
                                        points: number;
                                        capped: number;
                                    }[];
                                    errors: {
                                        rule: string;
                                        site: string;
                                        key?: string;
                                        message: string;
                                    }[];
                                    listConditions: {
                                        id: string;
                                        value: boolean;
                                        error?: string;
                                        /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                        records?: string[];
                                    }[];
                                    /** @description "authority/key" of each live record */
                                    liveRecords: string[];
                                    /** @description records under a pending dispute among the scheme’s sources; overdue ones are not candidates */
                                    disputed: {
                                        /** @description authority/key */
                                        record: string;
                                        dispute: number;
                                        /** @description when the reporting authority must decide by */
                                        deadline: string;
                                        /** @description past the deadline undecided: the record does not count until decided */
                                        overdue: boolean;
                                    }[];
                                };
                                standing: {
                                    /** @description 1 is the highest score */
                                    rank: number;
                                    /** @description judged subjects of the scheme */
                                    of: number;
                                    /** @description share of judged subjects scoring below, ties counted half, in percent */
                                    percentile: number;
                                } | null;
                                /** @description a shadow version of this scheme also judges the subject: a version under test, never enforced */
                                versionUnderTest: boolean;
                            }[];
                            listings: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                                notice: {
                                    listing: number;
                                    subject: string;
                                    authority: string;
                                    scheme: string;
                                    version: number;
                                    list: {
                                        id: string;
                                        title: string | null;
                                        type: string;
                                        condition: string;
                                    };
                                    sanctions: {
                                        action: string;
                                        effect: string;
                                        limit?: {
                                            [key: string]: number;
                                        };
                                        justification?: string;
                                        basis?: string;
                                    }[];
                                    basis: string | null;
                                    /** @description Kept for older notices: detection and decision were both automated. */
                                    automated: boolean;
                                    /** @description Whether the facts were detected by automated means. */
                                    automatedDetection?: boolean;
                                    /** @description Whether the decision was taken by automated means. */
                                    automatedDecision?: boolean;
                                    /** @description The legal ground (the scheme’s basis), else the published scheme as the contractual ground. */
                                    ground?: {
                                        kind: "legal" | "contractual";
                                        text: string;
                                    };
                                    /** @description The restriction, its scope and duration, in words. */
                                    scope?: string;
                                    /** @description Every form of redress with its deadline. */
                                    redress?: {
                                        kind: "appeal" | "second-instance" | "record-dispute";
                                        until: string | null;
                                        within: string | null;
                                        from: string | null;
                                        how: string;
                                    }[];
                                    facts: {
                                        score: number | null;
                                        grade: string | null;
                                        contributions: {
                                            key: string;
                                            authority: string;
                                            rule: string;
                                            points: number;
                                            capped: number;
                                        }[];
                                        errors: {
                                            rule: string;
                                            site: string;
                                            key?: string;
                                            message: string;
                                        }[];
                                        listConditions: {
                                            id: string;
                                            value: boolean;
                                            error?: string;
                                            /** @description the records the condition holds through (its comprehensions over subject.records), as authority/key */
                                            records?: string[];
                                        }[];
                                        liveRecords: string[];
                                    };
                                    noticedAt: string;
                                    effectAt: string;
                                    /** @description effectAt as issued (issue + P2D + appeal); fixed when the notice is received */
                                    effectProvisional?: boolean;
                                    termEndsAt?: string | null;
                                    appeal: {
                                        until: string;
                                        how: string;
                                    };
                                    /** @description The scheme’s translations of the list title, basis and sanction texts, by language (zh-CN). */
                                    translations?: {
                                        [key: string]: {
                                            listTitle?: string;
                                            basis?: string;
                                            sanctions?: {
                                                justification?: string;
                                                basis?: string;
                                            }[];
                                        };
                                    };
                                } | null;
                                appeal: {
                                    id: number;
                                    listing: number;
                                    subject: string;
                                    authority: string;
                                    statement: string;
                                    filedAt: string;
                                    /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                    late: boolean;
                                    /** @description the listing’s effect instant */
                                    deadline: string;
                                    state: "pending" | "upheld" | "overturned";
                                    decidedAt: string | null;
                                    reasons: string | null;
                                    retracted: string[];
                                    exempt: boolean;
                                    filedBy?: string | null;
                                    decidedBy?: string | null;
                                } | null;
                                /** @description records among the notice’s facts now under a pending dispute */
                                disputed: {
                                    /** @description authority/key */
                                    record: string;
                                    dispute: number;
                                    /** @description when the reporting authority must decide by */
                                    deadline: string;
                                    /** @description past the deadline undecided: the record does not count until decided */
                                    overdue: boolean;
                                }[];
                            }[];
                            appeals: {
                                id: number;
                                listing: number;
                                subject: string;
                                authority: string;
                                statement: string;
                                filedAt: string;
                                /** @description filed after the effect instant: the sanctions stay while it is reviewed */
                                late: boolean;
                                /** @description the listing’s effect instant */
                                deadline: string;
                                state: "pending" | "upheld" | "overturned";
                                decidedAt: string | null;
                                reasons: string | null;
                                retracted: string[];
                                exempt: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                            disputes: {
                                id: number;
                                authority: string;
                                key: string;
                                subject: string;
                                statement: string;
                                filedAt: string;
                                state: "pending" | "retracted" | "confirmed";
                                decidedAt: string | null;
                                reasons: string | null;
                                /** @description when the reporting authority must decide by */
                                deadline: string;
                                /** @description pending past its deadline: the record does not count until decided */
                                overdue: boolean;
                                filedBy?: string | null;
                                decidedBy?: string | null;
                            }[];
                            inbox: {
                                id: number;
                                kind: "notice" | "listing-active" | "listing-ended" | "appeal-received" | "appeal-decided" | "dispute-received" | "dispute-decided" | "dispute-overdue" | "second-instance-received" | "second-instance-decided" | "enrolment" | "effect-fixed" | "sanction-lifted";
                                listing: number | null;
                                authority: string;
                                at: string;
                                body: {
                                    [key: string]: unknown;
                                };
                            }[];
                            accessLog: {
                                party: string;
                                action: string;
                                /** @description allow, deny, limit, waive, priority, or refused; for a pass of a scheme grade, grade:ID or no-grade. A pass verification names the party "pass holder" (with the pass's recipient, if any). */
                                effect: string;
                                at: string;
                                /** @description The decision id the answer carried (null: refused, or logged before decision ids existed). */
                                decision: string | null;
                            }[];
                            sharing: {
                                /** @description the authority whose records about you are read */
                                from: string;
                                /** @description the authority whose scheme reads them */
                                to: string;
                                scheme: string;
                                /** @description the purpose the operator granted the sharing for */
                                purpose: string;
                                grantedAt: string;
                                revokedAt: string | null;
                                /** @description records of `from` about you */
                                records: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give or withdraw consent to a scheme
         * @description For schemes with `consent: required`: opting in lets the scheme score you from now on; opting out ends its listings of you. Public schemes, and non-public ones that hold records about you.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authority: string;
                        scheme: string;
                        optIn: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            scheme: string;
                            subject: string;
                            optIn: boolean;
                            at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your contact settings
         * @description The e-mail address your notices are sent to and their language (docs/email.md). Only you and the operator see them.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description where your notices are e-mailed; null: none (they are still in your inbox) */
                            email: string | null;
                            /** @description the language of the e-mail */
                            language: "en" | "zh-CN";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Set your contact settings
         * @description Sets (or, with null, removes) the address your notices are e-mailed to, and their language. Audited by the address’s hash. Notices issued later are sent there; one already queued keeps its address.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description where your notices are e-mailed; null: none (they are still in your inbox) */
                        email: string | null;
                        /** @description the language of the e-mail */
                        language: "en" | "zh-CN";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description where your notices are e-mailed; null: none (they are still in your inbox) */
                            email: string | null;
                            /** @description the language of the e-mail */
                            language: "en" | "zh-CN";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/second-instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your appeals and whether a second instance is open
         * @description One entry per appeal: a second instance is available only after the appeal was upheld, until the list’s `secondInstance` (default P10D) has passed, once per appeal.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            appeal: number;
                            /** @description whether a second instance may be asked now */
                            available: boolean;
                            /** @description the end of the window; null unless the appeal was upheld */
                            deadline: string | null;
                            /** @description the list’s secondInstance window (ISO 8601) */
                            within: string;
                            suspends: boolean;
                            /** @description the appeal body that would decide, if one is named */
                            body: string | null;
                            asked: {
                                id: number;
                                /** @description the upheld appeal it reviews again */
                                appeal: number;
                                listing: number;
                                subject: string;
                                /** @description the listing’s authority */
                                authority: string;
                                /** @description the authority whose reviewers decide: the appeal body named for `authority`, else `authority` */
                                reviewers: string;
                                statement: string;
                                /** @description RFC 3339 */
                                filedAt: string;
                                /** @description RFC 3339 */
                                deadline: string;
                                /** @description whether it suspended the listing (the list’s secondInstanceSuspends) */
                                suspends: boolean;
                                state: "pending" | "upheld" | "overturned";
                                decidedAt: string | null;
                                reasons: string | null;
                            } | null;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/appeals/{id}/second-instance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a second instance of your upheld appeal
         * @description Within the list’s `secondInstance` of the decision upholding your appeal (409 SECOND_INSTANCE_TOO_LATE after it; 409 SECOND_INSTANCE_UNAVAILABLE before the appeal is upheld). The listing stays active meanwhile unless the scheme says `secondInstanceSuspends: true`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why the first decision is wrong */
                        statement: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @description the upheld appeal it reviews again */
                            appeal: number;
                            listing: number;
                            subject: string;
                            /** @description the listing’s authority */
                            authority: string;
                            /** @description the authority whose reviewers decide: the appeal body named for `authority`, else `authority` */
                            reviewers: string;
                            statement: string;
                            /** @description RFC 3339 */
                            filedAt: string;
                            /** @description RFC 3339 */
                            deadline: string;
                            /** @description whether it suspended the listing (the list’s secondInstanceSuspends) */
                            suspends: boolean;
                            state: "pending" | "upheld" | "overturned";
                            decidedAt: string | null;
                            reasons: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/review/second-instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your second-instance queue
         * @description Second instances your authority’s reviewers decide (as the appeal body, or as the listing’s authority when none is named), earliest deadline first.
         */
        get: {
            parameters: {
                query?: {
                    state?: "pending" | "upheld" | "overturned";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @description the upheld appeal it reviews again */
                            appeal: number;
                            listing: number;
                            subject: string;
                            /** @description the listing’s authority */
                            authority: string;
                            /** @description the authority whose reviewers decide: the appeal body named for `authority`, else `authority` */
                            reviewers: string;
                            statement: string;
                            /** @description RFC 3339 */
                            filedAt: string;
                            /** @description RFC 3339 */
                            deadline: string;
                            /** @description whether it suspended the listing (the list’s secondInstanceSuspends) */
                            suspends: boolean;
                            state: "pending" | "upheld" | "overturned";
                            decidedAt: string | null;
                            reasons: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/second-instances/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide a second instance
         * @description A human reviewer of the appeal body (else of the listing’s authority, not the reviewer of the first decision: 403 SECOND_INSTANCE_REVIEWER), with written reasons. Uphold: the listing continues. Overturn: it ends, the subject is exempt from the list, and every relying party that checked the subject while it was in force is told the sanction was lifted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        outcome: "uphold" | "overturn";
                        /** @description the written reasons the subject receives */
                        reasons: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @description the upheld appeal it reviews again */
                            appeal: number;
                            listing: number;
                            subject: string;
                            /** @description the listing’s authority */
                            authority: string;
                            /** @description the authority whose reviewers decide: the appeal body named for `authority`, else `authority` */
                            reviewers: string;
                            statement: string;
                            /** @description RFC 3339 */
                            filedAt: string;
                            /** @description RFC 3339 */
                            deadline: string;
                            /** @description whether it suspended the listing (the list’s secondInstanceSuspends) */
                            suspends: boolean;
                            state: "pending" | "upheld" | "overturned";
                            decidedAt: string | null;
                            reasons: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/party/lifted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sanctions lifted on subjects you checked
         * @description When a listing is overturned on second instance, every relying party that checked the subject, for an action it sanctioned, while it was in force is told here (SPEC §6, Sanction lifted). Only your own notifications.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            subject: string;
                            authority: string;
                            listing: number;
                            /** @description the actions you checked while the sanction was in force */
                            actions: string[];
                            /** @description what lifted it, e.g. second-instance:7 */
                            cause: string;
                            /** @description RFC 3339 */
                            at: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/passes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your passes
         * @description Newest first, with their status; never their tokens. Subjects only, signed in as themselves.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            passes: {
                                /** @description The pass id (not its token): names it to revoke it. */
                                id: string;
                                subject: string;
                                /** @description An action name, or scheme:AUTHORITY/ID for a grade. */
                                purpose: string;
                                /** @description party:NAME or account:NAME: only that recipient may verify it; null: whoever holds the token. */
                                recipient: string | null;
                                createdAt: string;
                                expiresAt: string;
                                revokedAt: string | null;
                                status: "valid" | "expired" | "revoked";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a pass
         * @description For one purpose (an action, or `scheme:ID` for your grade under that scheme), for at most 30 days (`ttl`, default P7D), optionally for one recipient (`party:NAME` or `account:NAME`). The token is in this answer only.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        purpose: string;
                        ttl?: string;
                        recipient?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The pass id (not its token): names it to revoke it. */
                            id: string;
                            subject: string;
                            /** @description An action name, or scheme:AUTHORITY/ID for a grade. */
                            purpose: string;
                            /** @description party:NAME or account:NAME: only that recipient may verify it; null: whoever holds the token. */
                            recipient: string | null;
                            createdAt: string;
                            expiresAt: string;
                            revokedAt: string | null;
                            status: "valid" | "expired" | "revoked";
                            /** @description The secret the holder presents (GET /v1/passes/{token}, or the web page #/pass/{token}). Shown this once: only its SHA-256 is stored. */
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/passes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a pass
         * @description At once: the next verification is refused with PASS_REVOKED. Revoking again changes nothing.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The pass id (not its token): names it to revoke it. */
                            id: string;
                            subject: string;
                            /** @description An action name, or scheme:AUTHORITY/ID for a grade. */
                            purpose: string;
                            /** @description party:NAME or account:NAME: only that recipient may verify it; null: whoever holds the token. */
                            recipient: string | null;
                            createdAt: string;
                            expiresAt: string;
                            revokedAt: string | null;
                            status: "valid" | "expired" | "revoked";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/passes/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify a pass
         * @description Anyone holding the token, or only the named recipient (signed in, or with its relying party’s API key). The answer for the pass’s purpose only; every verification, and every refused attempt, is in the subject’s access log. Rate-limited per address and per token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The answer for the pass’s one purpose (SPEC §14): never records, a score or another purpose. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subject: string;
                            purpose: string;
                            expiresAt: string;
                            /** @description For an action: the answer a relying party’s check gets (POST /v1/checks), exactly. */
                            check?: {
                                action: string;
                                /** @description The decision id, to cite this answer: the relying party finds its check again with GET /v1/decisions/{id}, the subject sees it in its access log. */
                                decision: string;
                                /** @description The scheme versions the answer rests on: the versions that noticed the listings among its reasons. */
                                schemes: {
                                    authority: string;
                                    scheme: string;
                                    version: number;
                                }[];
                                effect: "allow" | "deny" | "limit" | "waive" | "priority";
                                limit: {
                                    [key: string]: number;
                                } | null;
                                reasons: {
                                    list: string;
                                    scheme: string;
                                    authority: string;
                                    listing: number;
                                    since: string;
                                    effect: string;
                                    appeal: string;
                                }[];
                                at: string;
                            };
                            /** @description For scheme:ID: the grade only, never the score. */
                            grade?: {
                                authority: string;
                                scheme: string;
                                version: number;
                                /** @description null: no grade, or not judged. */
                                grade: string | null;
                                at: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/exclusions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lists you may exclude yourself from, and your self-exclusions
         * @description Subjects only, signed in as themselves. Self-exclusions newest first.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            offered: {
                                authority: string;
                                scheme: string;
                                list: string;
                                title: string | null;
                                minTerm: string;
                                maxTerm: string;
                            }[];
                            exclusions: {
                                id: number;
                                subject: string;
                                authority: string;
                                scheme: string;
                                version: number;
                                list: string;
                                /** @description the list’s one display name: its title, else its id in words */
                                listTitle: string;
                                listType: "blacklist" | "redlist" | "watchlist";
                                state: "noticed" | "suspended" | "active" | "ended";
                                noticedAt: string;
                                /** @description when the sanctions take effect: the end of the appeal window */
                                effectAt: string;
                                activeSince: string | null;
                                appealed: boolean;
                                endedAt: string | null;
                                endReason: string | null;
                                /** @description an appeal filed now suspends the sanctions */
                                appealWindowOpen: boolean;
                                receivedAt: string | null;
                                /** @description effectAt is provisional until the notice is received */
                                effectProvisional: boolean;
                                term: string | null;
                                termEndsAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Exclude yourself
         * @description Places you on the list at once, with no notice window and no appeal, for `term` (ISO 8601) within the bounds the list offers. It cannot be ended early: that is its purpose. Relying parties see it as any sanction.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authority?: string;
                        scheme?: string;
                        list: string;
                        term: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            subject: string;
                            authority: string;
                            scheme: string;
                            version: number;
                            list: string;
                            /** @description the list’s one display name: its title, else its id in words */
                            listTitle: string;
                            listType: "blacklist" | "redlist" | "watchlist";
                            state: "noticed" | "suspended" | "active" | "ended";
                            noticedAt: string;
                            /** @description when the sanctions take effect: the end of the appeal window */
                            effectAt: string;
                            activeSince: string | null;
                            appealed: boolean;
                            endedAt: string | null;
                            endReason: string | null;
                            /** @description an appeal filed now suspends the sanctions */
                            appealWindowOpen: boolean;
                            receivedAt: string | null;
                            /** @description effectAt is provisional until the notice is received */
                            effectProvisional: boolean;
                            term: string | null;
                            termEndsAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/exclusions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End a self-exclusion early: always refused
         * @description A self-exclusion ends only at the term chosen (SELF_EXCLUSION_LOCKED, 409).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a positive integer id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Never sent: a self-exclusion ends only at its term. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your webhook endpoints */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            endpoints: {
                                id: string;
                                url: string;
                                events: string[];
                                party: string | null;
                                authority: string | null;
                                secretGeneration: number;
                                /** @description RFC 3339 instant, UTC */
                                createdAt: string;
                                disabledAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a webhook endpoint
         * @description The URL is resolved and refused when any address is private or loopback (unless the operator allows them). The secret is in this answer only. A relying party may subscribe to sanction.in-force and sanction.lifted only.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        events: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** WebhookEndpoint */
                            endpoint: {
                                id: string;
                                url: string;
                                events: string[];
                                party: string | null;
                                authority: string | null;
                                secretGeneration: number;
                                /** @description RFC 3339 instant, UTC */
                                createdAt: string;
                                disabledAt: string | null;
                            };
                            /** @description the signing secret (whsec_…), shown this once; Standing keeps no copy */
                            secret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a webhook endpoint */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            events: string[];
                            party: string | null;
                            authority: string | null;
                            secretGeneration: number;
                            /** @description RFC 3339 instant, UTC */
                            createdAt: string;
                            disabledAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a webhook endpoint */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            events: string[];
                            party: string | null;
                            authority: string | null;
                            secretGeneration: number;
                            /** @description RFC 3339 instant, UTC */
                            createdAt: string;
                            disabledAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook endpoint’s secret
         * @description The new secret is in this answer only; the old one stops signing at once.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** WebhookEndpoint */
                            endpoint: {
                                id: string;
                                url: string;
                                events: string[];
                                party: string | null;
                                authority: string | null;
                                secretGeneration: number;
                                /** @description RFC 3339 instant, UTC */
                                createdAt: string;
                                disabledAt: string | null;
                            };
                            /** @description the signing secret (whsec_…), shown this once; Standing keeps no copy */
                            secret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log of a webhook endpoint, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 1000 (default 100) */
                    limit?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: {
                                id: number;
                                eventId: string;
                                eventType: string;
                                subject: string;
                                state: "pending" | "delivered" | "dead";
                                attempts: number;
                                lastStatus: string | null;
                                lastLatencyMs: number | null;
                                lastAt: string | null;
                                nextAt: string | null;
                                deliveredAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a delivery again (a dead letter, or one the receiver lost) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            eventId: string;
                            eventType: string;
                            subject: string;
                            state: "pending" | "delivered" | "dead";
                            attempts: number;
                            lastStatus: string | null;
                            lastLatencyMs: number | null;
                            lastAt: string | null;
                            nextAt: string | null;
                            deliveredAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your authority’s report triage queue
         * @description Human reviewers only (an API key: 403 REVIEWER_MUST_BE_HUMAN). Oldest first, `state` open by default (or `all`), each with its reporter’s acceptance rate at your authority.
         */
        get: {
            parameters: {
                query?: {
                    authority?: string;
                    state?: ("open" | "accepted" | "rejected") | "all";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reports: {
                                id: string;
                                /** @description the authority reported to */
                                authority: string;
                                subject: string;
                                kind: string;
                                occurredAt: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                description: string;
                                /** @description the account that filed it, or key:ID of an authority’s API key */
                                reporter: string;
                                reporterAuthority: string | null;
                                filedAt: string;
                                state: "open" | "accepted" | "rejected";
                                decidedAt: string | null;
                                reasons: string | null;
                                recordKey: string | null;
                                /** @description reports of this reporter this authority accepted */
                                reporterAccepted: number;
                                /** @description ... and decided (accepted or rejected) */
                                reporterDecided: number;
                                reporterAcceptanceRate: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Report a subject’s conduct
         * @description To an authority whose reports are open (GET /v1/public/authorities). Not a record: it waits for a human reviewer of the authority, who accepts it (it becomes a record) or rejects it, with reasons. The record fields are checked as a record’s (data at most 16 KiB); you may not report yourself; at most the authority’s `perDay` reports from you in 24 hours (429 REPORT_RATE_LIMITED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authority: string;
                        subject: string;
                        kind: string;
                        occurredAt: string;
                        data?: {
                            [key: string]: unknown;
                        };
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description the authority reported to */
                            authority: string;
                            subject: string;
                            kind: string;
                            occurredAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                            description: string;
                            /** @description the account that filed it, or key:ID of an authority’s API key */
                            reporter: string;
                            reporterAuthority: string | null;
                            filedAt: string;
                            state: "open" | "accepted" | "rejected";
                            decidedAt: string | null;
                            reasons: string | null;
                            recordKey: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reports you filed
         * @description Newest first, with their outcomes and the reviewers’ reasons.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reports: {
                                id: string;
                                /** @description the authority reported to */
                                authority: string;
                                subject: string;
                                kind: string;
                                occurredAt: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                description: string;
                                /** @description the account that filed it, or key:ID of an authority’s API key */
                                reporter: string;
                                reporterAuthority: string | null;
                                filedAt: string;
                                state: "open" | "accepted" | "rejected";
                                decidedAt: string | null;
                                reasons: string | null;
                                recordKey: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept or reject a report
         * @description A human reviewer of the authority reported to, with written reasons; final (409 REPORT_DECIDED). Accept: a record of your authority, submitted by you, keyed report-ID; its subject sees it as reported by a member of the public (or by the reporting authority). The reporter may not decide its own report (403 REVIEW_CONFLICT).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        outcome: "accept" | "reject";
                        reasons: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description the authority reported to */
                            authority: string;
                            subject: string;
                            kind: string;
                            occurredAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                            description: string;
                            /** @description the account that filed it, or key:ID of an authority’s API key */
                            reporter: string;
                            reporterAuthority: string | null;
                            filedAt: string;
                            state: "open" | "accepted" | "rejected";
                            decidedAt: string | null;
                            reasons: string | null;
                            recordKey: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/authorities/{authority}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Open or close your authority to reports from the public
         * @description Admins of the authority, as `standing authority reports A open|closed [--per-day N]`: audited on its chain; reports already filed stay in the queue when it closes. `perDay`: reports one reporter may file to it in 24 hours (default 10, or the setting before).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    authority: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        open: boolean;
                        perDay?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authority: string;
                            open: boolean;
                            perDay: number;
                            /** @description false when the setting was already this */
                            changed: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "listing.noticed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * listing.noticed
         * @description A listing opened with a notice (or went back to noticed after an upheld appeal within the window). Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "listing.noticed";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            scheme: string;
                            list: string;
                            /** @description the state before; null when the listing opens */
                            from: string | null;
                            /** @enum {string} */
                            to: "noticed" | "active" | "suspended" | "ended";
                            /** @description what moved it: qualified, window-passed, appeal-filed, upheld, overturned, or an end reason */
                            reason: string | null;
                            /** Format: date-time */
                            effectAt: string | null;
                            /** Format: date-time */
                            activeSince: string | null;
                            /** Format: date-time */
                            endedAt: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "listing.active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * listing.active
         * @description A listing became active: its sanctions apply. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "listing.active";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            scheme: string;
                            list: string;
                            /** @description the state before; null when the listing opens */
                            from: string | null;
                            /** @enum {string} */
                            to: "noticed" | "active" | "suspended" | "ended";
                            /** @description what moved it: qualified, window-passed, appeal-filed, upheld, overturned, or an end reason */
                            reason: string | null;
                            /** Format: date-time */
                            effectAt: string | null;
                            /** Format: date-time */
                            activeSince: string | null;
                            /** Format: date-time */
                            endedAt: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "listing.suspended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * listing.suspended
         * @description A listing was appealed within its window: suspended until a reviewer decides. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "listing.suspended";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            scheme: string;
                            list: string;
                            /** @description the state before; null when the listing opens */
                            from: string | null;
                            /** @enum {string} */
                            to: "noticed" | "active" | "suspended" | "ended";
                            /** @description what moved it: qualified, window-passed, appeal-filed, upheld, overturned, or an end reason */
                            reason: string | null;
                            /** Format: date-time */
                            effectAt: string | null;
                            /** Format: date-time */
                            activeSince: string | null;
                            /** Format: date-time */
                            endedAt: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "listing.ended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * listing.ended
         * @description A listing ended (condition stopped, consent withdrawn, new version, term reached, overturned). Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "listing.ended";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            scheme: string;
                            list: string;
                            /** @description the state before; null when the listing opens */
                            from: string | null;
                            /** @enum {string} */
                            to: "noticed" | "active" | "suspended" | "ended";
                            /** @description what moved it: qualified, window-passed, appeal-filed, upheld, overturned, or an end reason */
                            reason: string | null;
                            /** Format: date-time */
                            effectAt: string | null;
                            /** Format: date-time */
                            activeSince: string | null;
                            /** Format: date-time */
                            endedAt: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "notice.issued": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * notice.issued
         * @description A notice (statement of reasons) was delivered to the subject’s inbox. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "notice.issued";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            message: number;
                            scheme: string;
                            list: string;
                            /** Format: date-time */
                            effectAt: string;
                            /** Format: date-time */
                            termEndsAt: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "appeal.filed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * appeal.filed
         * @description The subject appealed a listing. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "appeal.filed";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            appeal: number;
                            listing: number;
                            late: boolean;
                            listingState: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "appeal.decided": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * appeal.decided
         * @description A human reviewer decided an appeal. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "appeal.decided";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            appeal: number;
                            listing: number;
                            /** @enum {string} */
                            outcome: "upheld" | "overturned";
                            listingState: string;
                            /** @description how many records the decision retracted */
                            retracted: number;
                            exempt: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "appeal.second-instance-decided": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * appeal.second-instance-decided
         * @description A second-instance review decided an appeal (same shape as appeal.decided, with `instance: 2`). Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "appeal.second-instance-decided";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            appeal: number;
                            listing: number;
                            outcome: string;
                            /** @constant */
                            instance?: 2;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "dispute.opened": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * dispute.opened
         * @description The subject disputed a record. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "dispute.opened";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            dispute: number;
                            key: string;
                            /** Format: date-time */
                            deadline: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "dispute.decided": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * dispute.decided
         * @description A reviewer retracted or confirmed a disputed record. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "dispute.decided";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            dispute: number;
                            key: string;
                            /** @enum {string} */
                            outcome: "retracted" | "confirmed";
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "dispute.overdue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * dispute.overdue
         * @description A dispute passed its deadline undecided: the record stops counting until decided. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "dispute.overdue";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            dispute: number;
                            key: string;
                            /** Format: date-time */
                            deadline: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "record.retracted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * record.retracted
         * @description A record was retracted: by its authority, an overturned appeal or an upheld dispute. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "record.retracted";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            key: string;
                            /** @description retracted, appeal-overturned or dispute-upheld (the authority’s text is not sent) */
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "consent.changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * consent.changed
         * @description The subject opted in to or out of a consent scheme. Payload schema version 1. Authorities (their own) and the operator only. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "consent.changed";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            scheme: string;
                            optIn: boolean;
                            /** Format: date-time */
                            effectiveAt: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sanction.in-force": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * sanction.in-force
         * @description A listing’s sanctions came into force. Sent to relying parties that checked the subject for one of the actions within their retention period. No score, grade or record. Payload schema version 1. Relying parties may subscribe. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "sanction.in-force";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            actions: {
                                action: string;
                                /** @enum {string} */
                                effect: "deny" | "limit" | "waive" | "priority";
                            }[];
                            /** Format: date-time */
                            since: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sanction.lifted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * sanction.lifted
         * @description A listing in force ended or was overturned. Sent to every relying party that checked the subject for one of its actions while it was in force; the subject’s inbox names them. No score, grade or record. Payload schema version 1. Relying parties may subscribe. Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description the event id (evt_…): the same on every retry; deduplicate on it */
                    "webhook-id": string;
                    /** @description seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        type: "sanction.lifted";
                        /**
                         * Format: date-time
                         * @description when the change took effect
                         */
                        timestamp: string;
                        /** @constant */
                        schemaVersion: 1;
                        authority: string;
                        subject: string;
                        data: {
                            listing: number;
                            actions: {
                                action: string;
                                /** @enum {string} */
                                effect: "deny" | "limit" | "waive" | "priority";
                            }[];
                            /** Format: date-time */
                            liftedAt: string;
                        };
                    };
                };
            };
            responses: {
                /** @description received; anything else (or a redirect, or no answer in 10 s) is retried */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** Error */
        Error: {
            /** @description stable code from docs/errors.md */
            code: string;
            message: string;
            field?: string;
            line?: number;
            rule?: string;
            scheme?: string;
            column?: number;
            errors?: unknown[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
