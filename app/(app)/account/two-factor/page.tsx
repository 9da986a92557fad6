import type { Metadata } from 'next'
import { CodeForm } from '@/components/auth/code-form'
import { TwoFactorSetupButton } from '@/components/auth/two-factor-setup-button'
import { Page } from '@/components/ui/page'
import { clinicDateTime } from '@/lib/format'
import { loadTwoFactorPage } from '@/lib/auth/two-factor-account'
import {
  beginTwoFactorSetupAction,
  confirmTwoFactorSetupAction,
  regenerateRecoveryCodesAction,
  turnOffTwoFactorAction,
} from './actions'

export const metadata: Metadata = { title: 'Two-factor sign-in' }

const panel = 'flex max-w-xl flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6'

export default async function TwoFactorSettingsPage() {
  const { member, status, required, setup } = await loadTwoFactorPage()
  return (
    <Page title="Two-factor sign-in">
      {required && !status.enabled ? (
        <p
          role="alert"
          className="max-w-xl rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          Set up two-factor sign-in before using Augment: it is required for your role here.
        </p>
      ) : null}
      <p className="max-w-xl text-sm text-slate-700">
        With two-factor sign-in, signing in as {member.email} takes your password and a six-digit
        code from an authenticator app on your phone (any app for time-based codes, RFC 6238).
      </p>

      {status.enabled ? (
        <>
          <p role="status" className="max-w-xl text-sm">
            Two-factor sign-in is <strong>on</strong>
            {status.enabledAt ? ` since ${clinicDateTime(status.enabledAt)}` : ''}.{' '}
            {status.recoveryCodesLeft} of 10 recovery codes left.
          </p>
          <section aria-labelledby="recovery-heading" className={panel}>
            <h2 id="recovery-heading" className="text-lg font-semibold">
              New recovery codes
            </h2>
            <p className="text-sm text-slate-700">
              Makes ten new codes; the old ones stop working. Confirm with a code from your app.
            </p>
            <CodeForm
              action={regenerateRecoveryCodesAction}
              submitLabel="Make new recovery codes"
              pendingLabel="Making codes…"
              hint="The six-digit code your app shows now."
            />
          </section>
          {required ? null : (
            <section aria-labelledby="turn-off-heading" className={panel}>
              <h2 id="turn-off-heading" className="text-lg font-semibold">
                Turn off two-factor sign-in
              </h2>
              <CodeForm
                action={turnOffTwoFactorAction}
                submitLabel="Turn off two-factor sign-in"
                pendingLabel="Turning off…"
                hint="A code from your app, or a recovery code."
                withPassword
              />
            </section>
          )}
        </>
      ) : setup ? (
        <section aria-labelledby="setup-heading" className={panel}>
          <h2 id="setup-heading" className="text-lg font-semibold">
            Set up your authenticator app
          </h2>
          <ol className="flex list-decimal flex-col gap-3 pl-5 text-sm text-slate-800">
            <li>
              In your authenticator app, add an account and scan this QR code:
              <div
                role="img"
                aria-label="QR code for your authenticator app"
                className="mt-2 w-48 border border-slate-200"
                // Our own SVG from the qrcode library: no user input reaches it.
                dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
              />
            </li>
            <li>
              Or type this key into the app by hand (time-based, six digits):
              <code
                aria-label="Setup key"
                className="mt-1 block w-fit rounded bg-slate-100 px-2 py-1 font-mono text-sm tracking-wide"
              >
                {setup.manualKey}
              </code>
            </li>
            <li>Enter the six-digit code the app now shows.</li>
          </ol>
          <CodeForm
            action={confirmTwoFactorSetupAction}
            submitLabel="Confirm and turn on"
            pendingLabel="Checking…"
            hint="Six digits, from the app you just set up."
          />
          <TwoFactorSetupButton
            action={beginTwoFactorSetupAction}
            label="Start over with a new key"
            variant="secondary"
          />
        </section>
      ) : (
        <section className={panel} aria-label="Set up">
          <p className="text-sm">Two-factor sign-in is off.</p>
          <TwoFactorSetupButton
            action={beginTwoFactorSetupAction}
            label="Set up two-factor sign-in"
          />
        </section>
      )}
    </Page>
  )
}
