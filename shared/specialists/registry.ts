/**
 * The six specialists by name: what the orchestrator runs inline and what a specialist run
 * (`executionMode: 'runs'`) runs for its role.
 *
 * Invariants every runner keeps (tested in registry.test.ts and each specialist's tests):
 * - pure and deterministic: reads only FleetData and its options, never the clock, the
 *   network or dataset items; the same input gives a deep-equal document;
 * - options are validated by the specialist's zod schema (unknown keys rejected, defaults
 *   filled) — invalid options throw a ZodError before any analysis;
 * - returns exactly one contract-valid SIGNALS v1 document (`signalsDocumentSchema`), signals
 *   sorted and unique by fingerprint; fingerprints are built from identities only;
 * - an Actor whose needed data is missing (`actorData.missing`) or whose analysis throws is
 *   listed in `errors` and the document is `partial`; the other Actors are still analysed.
 */
import type { z } from 'zod';
import type { FleetData } from '../contracts/fleet-data.js';
import type { SignalsDocument, SpecialistName } from '../contracts/signals.js';
import { abTesterOptionsSchema, runAbTester, type AbTesterOptions } from './ab-tester.js';
import {
    complianceScannerOptionsSchema,
    runComplianceScanner,
    type ComplianceScannerOptions,
} from './compliance-scanner.js';
import { costWatchdogOptionsSchema, runCostWatchdog, type CostWatchdogOptions } from './cost-watchdog.js';
import { qualityMonitorOptionsSchema, runQualityMonitor, type QualityMonitorOptions } from './quality-monitor.js';
import { releaseGateOptionsSchema, runReleaseGate, type ReleaseGateOptions } from './release-gate.js';
import { runSchemaValidator, schemaValidatorOptionsSchema, type SchemaValidatorOptions } from './schema-validator.js';
import type { SpecialistContext } from './specialist-document.js';

export type SpecialistRunner = (data: FleetData, input: unknown, context: SpecialistContext) => SignalsDocument;

/** `input` is parsed by the specialist's own options schema; `undefined` means all defaults. */
export const SPECIALIST_RUNNERS: Record<SpecialistName, SpecialistRunner> = {
    'schema-validator': (data, input, context) =>
        runSchemaValidator(data, (input ?? {}) as SchemaValidatorOptions, context),
    'release-gate': (data, input, context) => runReleaseGate(data, (input ?? {}) as ReleaseGateOptions, context),
    'compliance-scanner': (data, input, context) =>
        runComplianceScanner(data, (input ?? {}) as ComplianceScannerOptions, context),
    'cost-watchdog': (data, input, context) => runCostWatchdog(data, (input ?? {}) as CostWatchdogOptions, context),
    'ab-tester': (data, input, context) => runAbTester(data, (input ?? {}) as AbTesterOptions, context),
    'quality-monitor': (data, input, context) =>
        runQualityMonitor(data, (input ?? {}) as QualityMonitorOptions, context),
};

/** Each specialist's options schema, e.g. for the Actor input or the extension's settings. */
export const SPECIALIST_OPTIONS_SCHEMAS: Record<SpecialistName, z.ZodType> = {
    'schema-validator': schemaValidatorOptionsSchema,
    'release-gate': releaseGateOptionsSchema,
    'compliance-scanner': complianceScannerOptionsSchema,
    'cost-watchdog': costWatchdogOptionsSchema,
    'ab-tester': abTesterOptionsSchema,
    'quality-monitor': qualityMonitorOptionsSchema,
};

export type { SpecialistContext } from './specialist-document.js';
