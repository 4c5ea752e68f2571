/**
 * Validates emulator responses against the bundled OpenAPI 3.1 spec (JSON Schema 2020-12):
 * the whole spec is added to Ajv as one schema, and each response is checked against
 * `spec#/paths/<path>/<method>/responses/<status>/content/<type>/schema`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/** Next to the repository checkout by default; `APIFY_OPENAPI_SPEC` points elsewhere (a git worktree). */
const SPEC_PATH =
    process.env.APIFY_OPENAPI_SPEC ??
    fileURLToPath(new URL('../../../../shared/apify-openapi/apify-api-v2.openapi.json', import.meta.url));

interface OpenApiOperation {
    operationId?: string;
    responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}
type OpenApiSpec = { paths: Record<string, Record<string, OpenApiOperation>> };

function pointerEscape(segment: string): string {
    return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface ResponseCheck {
    isStatusDeclared: boolean;
    /** null when the declared response has no JSON body to check. */
    errors: string[] | null;
}

export class SpecValidator {
    readonly spec: OpenApiSpec;
    private readonly ajv: InstanceType<typeof Ajv2020>;
    private readonly compiled = new Map<string, ValidateFunction>();

    constructor() {
        this.spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiSpec;
        // OpenAPI keywords (example, discriminator, x-*) are annotations here.
        this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
        addFormats.default(this.ajv);
        this.ajv.addSchema(this.spec as object, 'spec');
    }

    /** The spec's component schema `name` (e.g. RunShort), as JSON. */
    componentSchema(name: string): { required?: string[]; properties?: Record<string, unknown>; enum?: unknown[] } {
        const schema = (this.spec as unknown as { components: { schemas: Record<string, unknown> } }).components
            .schemas[name];
        if (!schema) throw new Error(`The spec has no component schema ${name}.`);
        return schema as { required?: string[]; properties?: Record<string, unknown>; enum?: unknown[] };
    }

    /** Validates a value against `#/components/schemas/<name>`; the errors, empty when valid. */
    checkComponent(name: string, value: unknown): string[] {
        const pointer = `spec#/components/schemas/${pointerEscape(name)}`;
        let validate = this.compiled.get(pointer);
        if (!validate) {
            validate = this.ajv.getSchema(pointer);
            if (!validate) throw new Error(`Cannot compile ${pointer}`);
            this.compiled.set(pointer, validate);
        }
        return validate(value)
            ? []
            : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
    }

    operation(method: string, specPath: string): OpenApiOperation {
        const operation = this.spec.paths[specPath]?.[method.toLowerCase()];
        if (!operation) throw new Error(`The spec has no ${method} ${specPath}.`);
        return operation;
    }

    check(method: string, specPath: string, status: number, contentType: string | null, body: unknown): ResponseCheck {
        const operation = this.operation(method, specPath);
        const response = operation.responses[String(status)];
        if (!response) return { isStatusDeclared: false, errors: [`status ${status} is not declared`] };
        // Shared error responses are `$ref: #/components/responses/<Name>`.
        const responsePointer = response.$ref
            ? response.$ref.slice(2)
            : `paths/${pointerEscape(specPath)}/${method.toLowerCase()}/responses/${status}`;
        const resolved = response.$ref
            ? (this.spec as unknown as { components: { responses: Record<string, typeof response> } }).components
                  .responses[response.$ref.split('/').pop()!]
            : response;
        const content = resolved?.content;
        const mediaType = contentType?.split(';')[0]?.trim() ?? '';
        if (!content || !(mediaType in content) || content[mediaType]?.schema === undefined) {
            // Declared without a body schema for this media type (204, `*/*` records): nothing to check.
            if (content && '*/*' in content) return { isStatusDeclared: true, errors: null };
            return {
                isStatusDeclared: true,
                errors:
                    content && mediaType !== '' && Object.keys(content).length > 0 && !(mediaType in content)
                        ? [`media type ${mediaType} not declared`]
                        : null,
            };
        }
        const pointer = `spec#/${responsePointer}/content/${pointerEscape(mediaType)}/schema`;
        let validate = this.compiled.get(pointer);
        if (!validate) {
            validate = this.ajv.getSchema(pointer);
            if (!validate) throw new Error(`Cannot compile ${pointer}`);
            this.compiled.set(pointer, validate);
        }
        const isValid = validate(body);
        return {
            isStatusDeclared: true,
            errors: isValid
                ? []
                : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`),
        };
    }
}
