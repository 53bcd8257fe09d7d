import type { AccountKind } from '../../domain/accountKind';
import { paymentMethodsFor } from '../../domain/paymentMethods';
import type { Translator } from '../../i18n/translator';

/** The portal steps as data: the locale keys of each step, in order (DOMAIN.md, online and corporate flow). */
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

/** The step-by-step guide for one kind of account, as one Markdown message. */
export function portalGuide(kind: AccountKind, url: string, tr: Translator): string {
  const intro = tr.t(kind === 'online' ? 'flow.guide.onlineIntro' : 'flow.guide.corporateIntro');
  const steps = PORTAL_STEPS[kind].map((key, i) => `${i + 1}. ${tr.t(key, { url })}`).join('\n');
  const parts = [intro, steps];
  if (kind === 'corporate') {
    const methods = paymentMethodsFor('corporate')
      .map((m) => tr.t(`paymentMethods.${m}`))
      .join(', ');
    parts.push(tr.t('flow.guide.corporateMethods', { methods }), tr.t('flow.guide.corporateSignInHelp'));
  }
  parts.push(tr.t('flow.guide.cardNote'));
  return parts.join('\n\n');
}
