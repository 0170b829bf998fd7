// The routes of the web UI. Sign-in and its steps, and the account-recovery pages, are public; everything
// else needs a signed-in user whose session has no step left to take (RequireAuth); /admin needs an
// administrator.
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './shell/Layout.tsx';
import { RequireAbility } from './features/auth/RequireAbility.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { AcceptInvitationPage } from './features/auth/AcceptInvitationPage.tsx';
import { ChoosePasswordPage } from './features/auth/ChoosePasswordPage.tsx';
import { CompleteRegistrationPage } from './features/auth/CompleteRegistrationPage.tsx';
import { DisclosurePolicyPage } from './features/reporter/DisclosurePolicyPage.tsx';
import { EnrolSecondFactorPage } from './features/auth/EnrolSecondFactorPage.tsx';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage.tsx';
import { HomePage } from './shell/HomePage.tsx';
import { NotFoundPage } from './shell/NotFoundPage.tsx';
import { ReporterReportPage } from './features/reporter/ReporterReportPage.tsx';
import { ReportFormPage } from './features/reporter/ReportFormPage.tsx';
import { ResetPasswordPage } from './features/auth/ResetPasswordPage.tsx';
import { SecondFactorPage } from './features/auth/SecondFactorPage.tsx';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { VerifyEmailPage } from './features/auth/VerifyEmailPage.tsx';

// The staff console's pages load on first use (their own chunks), so the public pages (sign-in, the report
// form, the reporter view) load without them.
const AccountLayout = lazy(() => import('./features/account/AccountLayout.tsx').then((m) => ({ default: m.AccountLayout })));
const AccountPage = lazy(() => import('./features/account/AccountPage.tsx').then((m) => ({ default: m.AccountPage })));
const AccountSessionsPage = lazy(() =>
  import('./features/account/AccountSessionsPage.tsx').then((m) => ({ default: m.AccountSessionsPage })),
);
const AccountTokensPage = lazy(() => import('./features/account/AccountTokensPage.tsx').then((m) => ({ default: m.AccountTokensPage })));
const AccountTwoFactorPage = lazy(() =>
  import('./features/account/AccountTwoFactorPage.tsx').then((m) => ({ default: m.AccountTwoFactorPage })),
);
const CannedResponsesPage = lazy(() =>
  import('./features/admin/report-settings/CannedResponsesPage.tsx').then((m) => ({ default: m.CannedResponsesPage })),
);
const CvePoolPage = lazy(() => import('./features/admin/report-settings/CvePoolPage.tsx').then((m) => ({ default: m.CvePoolPage })));
const DisclosureAdminPage = lazy(() =>
  import('./features/admin/disclosure/DisclosureAdminPage.tsx').then((m) => ({ default: m.DisclosureAdminPage })),
);
const GroupDetailPage = lazy(() => import('./features/admin/groups/GroupDetailPage.tsx').then((m) => ({ default: m.GroupDetailPage })));
const GroupsPage = lazy(() => import('./features/admin/groups/GroupsPage.tsx').then((m) => ({ default: m.GroupsPage })));
const MyReportsPage = lazy(() => import('./features/reporter/MyReportsPage.tsx').then((m) => ({ default: m.MyReportsPage })));
const IpBlocksPage = lazy(() => import('./features/admin/security/IpBlocksPage.tsx').then((m) => ({ default: m.IpBlocksPage })));
const IntakeSettingsPage = lazy(() =>
  import('./features/admin/security/IntakeSettingsPage.tsx').then((m) => ({ default: m.IntakeSettingsPage })),
);
const OutboxPage = lazy(() => import('./features/admin/security/OutboxPage.tsx').then((m) => ({ default: m.OutboxPage })));
const ReportPage = lazy(() => import('./features/triage/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const ReportTemplatesPage = lazy(() =>
  import('./features/admin/report-settings/ReportTemplatesPage.tsx').then((m) => ({ default: m.ReportTemplatesPage })),
);
const SlaSettingsPage = lazy(() =>
  import('./features/admin/report-settings/SlaSettingsPage.tsx').then((m) => ({ default: m.SlaSettingsPage })),
);
const ReportsInboxPage = lazy(() => import('./features/triage/ReportsInboxPage.tsx').then((m) => ({ default: m.ReportsInboxPage })));
const ProductDetailPage = lazy(() =>
  import('./features/admin/products/ProductDetailPage.tsx').then((m) => ({ default: m.ProductDetailPage })),
);
const ProductsPage = lazy(() => import('./features/admin/products/ProductsPage.tsx').then((m) => ({ default: m.ProductsPage })));
const SecurityEventsPage = lazy(() =>
  import('./features/admin/security/SecurityEventsPage.tsx').then((m) => ({ default: m.SecurityEventsPage })),
);
const SecuritySettingsPage = lazy(() =>
  import('./features/admin/security/SecuritySettingsPage.tsx').then((m) => ({ default: m.SecuritySettingsPage })),
);
const TriageDashboardPage = lazy(() =>
  import('./features/triage/TriageDashboardPage.tsx').then((m) => ({ default: m.TriageDashboardPage })),
);
const UserDetailPage = lazy(() => import('./features/admin/users/UserDetailPage.tsx').then((m) => ({ default: m.UserDetailPage })));
const UsersPage = lazy(() => import('./features/admin/users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-in/second-factor" element={<SecondFactorPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="accept-invitation" element={<AcceptInvitationPage />} />
        <Route path="complete-registration" element={<CompleteRegistrationPage />} />
        <Route path="disclosure-policy" element={<DisclosurePolicyPage />} />
        <Route path="report" element={<ReportFormPage />} />
        <Route path="reporter/:id" element={<ReporterReportPage />} />
        <Route element={<RequireAuth />}>
          <Route path="choose-password" element={<ChoosePasswordPage />} />
          <Route path="set-up-second-factor" element={<EnrolSecondFactorPage />} />
          <Route index element={<HomePage />} />
          <Route path="reporter" element={<MyReportsPage />} />
          <Route path="reports" element={<ReportsInboxPage />} />
          <Route path="reports/:id" element={<ReportPage />} />
          <Route path="dashboard" element={<TriageDashboardPage />} />
          <Route path="account" element={<AccountLayout />}>
            <Route index element={<AccountPage />} />
            <Route path="two-factor" element={<AccountTwoFactorPage />} />
            <Route path="sessions" element={<AccountSessionsPage />} />
            <Route path="api-tokens" element={<AccountTokensPage />} />
          </Route>
          <Route path="admin" element={<RequireAbility ability="administer" />}>
            <Route index element={<Navigate to="/admin/users" replace />} />
            <Route element={<RequireAbility ability="manageUsers" />}>
              <Route path="users" element={<UsersPage />} />
              <Route path="users/:id" element={<UserDetailPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageGroups" />}>
              <Route path="groups" element={<GroupsPage />} />
              <Route path="groups/:id" element={<GroupDetailPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageProducts" />}>
              <Route path="products" element={<ProductsPage />} />
              <Route path="products/:id" element={<ProductDetailPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageSettings" />}>
              <Route path="security" element={<SecuritySettingsPage />} />
              <Route path="security/intake" element={<IntakeSettingsPage />} />
              <Route path="disclosure" element={<DisclosureAdminPage />} />
              <Route path="report-settings" element={<Navigate to="/admin/report-settings/templates" replace />} />
              <Route path="report-settings/templates" element={<ReportTemplatesPage />} />
              <Route path="report-settings/sla" element={<SlaSettingsPage />} />
            </Route>
            <Route element={<RequireAbility ability="readSecurityLog" />}>
              <Route path="security/events" element={<SecurityEventsPage />} />
            </Route>
            <Route element={<RequireAbility ability="readOutbox" />}>
              <Route path="security/outbox" element={<OutboxPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageIpBlocks" />}>
              <Route path="security/ip-blocks" element={<IpBlocksPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageCvePool" />}>
              <Route path="report-settings/cve-pool" element={<CvePoolPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageCannedResponses" />}>
              <Route path="report-settings/canned-responses" element={<CannedResponsesPage />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
