import type { AccountKind } from './accountKind';

/**
 * The portal steps as data: the locale keys of each step, in order (DOMAIN.md, online and corporate flow).
 * The bot's guide and the help page both render them.
 */
export const PORTAL_STEPS: Record<AccountKind, string[]> = {
  online: [
    'flow.guide.online.step1',
    'flow.guide.online.step2',
    'flow.guide.online.step3',
    'flow.guide.online.step4',
  ],
  corporate: [
    'flow.guide.corporate.step1',
    'flow.guide.corporate.step2',
    'flow.guide.corporate.step3',
    'flow.guide.corporate.step4',
  ],
};
