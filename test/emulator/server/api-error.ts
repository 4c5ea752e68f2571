/**
 * The API's error envelope `{ error: { type, message } }`. Handlers throw ApiError; the
 * app's error handler turns it into the response. Messages follow the real API's wording
 * (see components/responses in the bundled OpenAPI spec).
 */
export class ApiError extends Error {
    constructor(
        readonly statusCode: number,
        readonly type: string,
        message: string,
        readonly headers: Record<string, string> = {},
        /** Extra error details some answers carry (`schema-validation-error`: the invalid items). */
        readonly data?: Record<string, unknown>,
    ) {
        super(message);
        this.name = 'ApiError';
    }

    toBody(): { error: { type: string; message: string; data?: Record<string, unknown> } } {
        return {
            error: { type: this.type, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) },
        };
    }
}

export const PAGE_NOT_FOUND_MESSAGE =
    'We have bad news: there is no API endpoint at this URL. Did you specify it correctly?';

export const apiErrors = {
    pageNotFound: () => new ApiError(404, 'page-not-found', PAGE_NOT_FOUND_MESSAGE),
    methodNotAllowed: (allowedMethods: readonly string[]) =>
        new ApiError(
            405,
            'method-not-allowed',
            `This API end-point can only be accessed using the following HTTP methods: ${['OPTIONS', ...allowedMethods].join(',')}`,
            { Allow: ['OPTIONS', ...allowedMethods].join(', ') },
        ),
    tokenNotProvided: () => new ApiError(401, 'token-not-provided', 'Authentication token was not provided'),
    invalidToken: () => new ApiError(401, 'invalid-token', 'Authentication token is not valid.'),
    insufficientPermissions: () =>
        new ApiError(
            403,
            'insufficient-permissions',
            'You do not have permission to perform this action. Make sure you are using the right API token and that it has the required permissions.',
        ),
    /** `what` as the real API words it: "Actor", "Actor run", "Dataset", "Key-value store", "Record", "Build". */
    recordNotFound: (what: string) => new ApiError(404, 'record-not-found', `${what} was not found`),
    invalidRequest: (message: string) => new ApiError(400, 'invalid-request', message),
    invalidJson: (parserMessage: string) =>
        new ApiError(400, 'invalid-request', `Request body is not a valid JSON: ${parserMessage}`),
    requestTooLarge: (method: string, limitBytes: number, actualBytes: number) =>
        new ApiError(
            413,
            'request-too-large',
            `The ${method} payload is too large (limit: ${limitBytes} bytes, actual length: ${actualBytes} bytes).`,
        ),
    unsupportedContentEncoding: (encoding: string) =>
        new ApiError(415, 'unsupported-content-encoding', `Content-Encoding "${encoding}" is not supported.`),
    rateLimitExceeded: () =>
        new ApiError(429, 'rate-limit-exceeded', 'You have exceeded the rate limit. Please try again later.'),
    runTimeoutExceeded: (timeoutSecs: number) =>
        new ApiError(
            408,
            'run-timeout-exceeded',
            `Actor run exceeded the timeout of ${timeoutSecs} seconds for this API endpoint`,
        ),
    /** A push that violates the dataset's fields schema (spec PutItemResponseError). */
    schemaValidationError: (invalidItems: readonly unknown[]) =>
        new ApiError(400, 'schema-validation-error', 'Schema validation failed', {}, { invalidItems }),
    internalServerError: () => new ApiError(500, 'internal-server-error', 'Internal server error'),
};
