/**
 * What a user reads when a token is refused: both ways out, with the five permission groups
 * by the names Console shows (docs/DESIGN.md, "Secrets and least privilege").
 */
import { SCOPED_TOKEN_PERMISSIONS_TEXT } from '../../shared/contracts/fleet-data.js';

export const PERMISSION_FIX_MESSAGE =
    'Fix it either way: (1) give this Actor full permissions (Actor → Settings → Permissions → Full permissions), ' +
    `or (2) pass a scoped API token in the "apifyToken" input with these permissions: ${SCOPED_TOKEN_PERMISSIONS_TEXT}.`;
