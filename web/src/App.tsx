// The routes of the web UI. Sign-in and its steps, and the account-recovery pages, are public; everything
// else needs a signed-in user whose session has no step left to take (RequireAuth); /admin needs an
// administrator.
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage.tsx';
import { ChoosePasswordPage } from './pages/ChoosePasswordPage.tsx';
import { CompleteRegistrationPage } from './pages/CompleteRegistrationPage.tsx';
import { DisclosurePolicyPage } from './pages/DisclosurePolicyPage.tsx';
import { EnrolSecondFactorPage } from './pages/EnrolSecondFactorPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ReporterReportPage } from './pages/ReporterReportPage.tsx';
import { ReportFormPage } from './pages/ReportFormPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SecondFactorPage } from './pages/SecondFactorPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { VerifyEmailPage } from './pages/VerifyEmailPage.tsx';

// The staff console's pages load on first use (their own chunks), so the public pages (sign-in, the report
// form, the reporter view) load without them.
const AccountLayout = lazy(() => import('./pages/AccountLayout.tsx').then((m) => ({ default: m.AccountLayout })));
const AccountPage = lazy(() => import('./pages/AccountPage.tsx').then((m) => ({ default: m.AccountPage })));
const AccountSessionsPage = lazy(() => import('./pages/AccountSessionsPage.tsx').then((m) => ({ default: m.AccountSessionsPage })));
const AccountTokensPage = lazy(() => import('./pages/AccountTokensPage.tsx').then((m) => ({ default: m.AccountTokensPage })));
const AccountTwoFactorPage = lazy(() => import('./pages/AccountTwoFactorPage.tsx').then((m) => ({ default: m.AccountTwoFactorPage })));
const CannedResponsesPage = lazy(() => import('./pages/CannedResponsesPage.tsx').then((m) => ({ default: m.CannedResponsesPage })));
const CvePoolPage = lazy(() => import('./pages/CvePoolPage.tsx').then((m) => ({ default: m.CvePoolPage })));
const DisclosureAdminPage = lazy(() => import('./pages/DisclosureAdminPage.tsx').then((m) => ({ default: m.DisclosureAdminPage })));
const GroupDetailPage = lazy(() => import('./pages/GroupDetailPage.tsx').then((m) => ({ default: m.GroupDetailPage })));
const GroupsPage = lazy(() => import('./pages/GroupsPage.tsx').then((m) => ({ default: m.GroupsPage })));
const MyReportsPage = lazy(() => import('./pages/MyReportsPage.tsx').then((m) => ({ default: m.MyReportsPage })));
const IpBlocksPage = lazy(() => import('./pages/IpBlocksPage.tsx').then((m) => ({ default: m.IpBlocksPage })));
const IntakeSettingsPage = lazy(() => import('./pages/IntakeSettingsPage.tsx').then((m) => ({ default: m.IntakeSettingsPage })));
const OutboxPage = lazy(() => import('./pages/OutboxPage.tsx').then((m) => ({ default: m.OutboxPage })));
const ReportPage = lazy(() => import('./pages/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const ReportTemplatesPage = lazy(() => import('./pages/ReportTemplatesPage.tsx').then((m) => ({ default: m.ReportTemplatesPage })));
const SlaSettingsPage = lazy(() => import('./pages/SlaSettingsPage.tsx').then((m) => ({ default: m.SlaSettingsPage })));
const ReportsInboxPage = lazy(() => import('./pages/ReportsInboxPage.tsx').then((m) => ({ default: m.ReportsInboxPage })));
const ProductDetailPage = lazy(() => import('./pages/ProductDetailPage.tsx').then((m) => ({ default: m.ProductDetailPage })));
const ProductsPage = lazy(() => import('./pages/ProductsPage.tsx').then((m) => ({ default: m.ProductsPage })));
const SecurityEventsPage = lazy(() => import('./pages/SecurityEventsPage.tsx').then((m) => ({ default: m.SecurityEventsPage })));
const SecuritySettingsPage = lazy(() => import('./pages/SecuritySettingsPage.tsx').then((m) => ({ default: m.SecuritySettingsPage })));
const TriageDashboardPage = lazy(() => import('./pages/TriageDashboardPage.tsx').then((m) => ({ default: m.TriageDashboardPage })));
const UserDetailPage = lazy(() => import('./pages/UserDetailPage.tsx').then((m) => ({ default: m.UserDetailPage })));
const UsersPage = lazy(() => import('./pages/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));

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
          <Route path="admin" element={<RequireAdmin />}>
            <Route index element={<Navigate to="/admin/users" replace />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="users/:id" element={<UserDetailPage />} />
            <Route path="groups" element={<GroupsPage />} />
            <Route path="groups/:id" element={<GroupDetailPage />} />
            <Route path="products" element={<ProductsPage />} />
            <Route path="products/:id" element={<ProductDetailPage />} />
            <Route path="security" element={<SecuritySettingsPage />} />
            <Route path="security/events" element={<SecurityEventsPage />} />
            <Route path="security/outbox" element={<OutboxPage />} />
            <Route path="security/intake" element={<IntakeSettingsPage />} />
            <Route path="security/ip-blocks" element={<IpBlocksPage />} />
            <Route path="disclosure" element={<DisclosureAdminPage />} />
            <Route path="report-settings" element={<Navigate to="/admin/report-settings/templates" replace />} />
            <Route path="report-settings/templates" element={<ReportTemplatesPage />} />
            <Route path="report-settings/sla" element={<SlaSettingsPage />} />
            <Route path="report-settings/cve-pool" element={<CvePoolPage />} />
            <Route path="report-settings/canned-responses" element={<CannedResponsesPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
