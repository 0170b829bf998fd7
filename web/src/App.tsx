// The routes of the web UI. Sign-in and its steps, and the account-recovery pages, are public; everything
// else needs a signed-in user whose session has no step left to take (RequireAuth); /admin needs an
// administrator.
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { AccountLayout } from './pages/AccountLayout.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AccountSessionsPage } from './pages/AccountSessionsPage.tsx';
import { AccountTokensPage } from './pages/AccountTokensPage.tsx';
import { AccountTwoFactorPage } from './pages/AccountTwoFactorPage.tsx';
import { CannedResponsesPage } from './pages/CannedResponsesPage.tsx';
import { ChoosePasswordPage } from './pages/ChoosePasswordPage.tsx';
import { CvePoolPage } from './pages/CvePoolPage.tsx';
import { DisclosureAdminPage } from './pages/DisclosureAdminPage.tsx';
import { DisclosurePolicyPage } from './pages/DisclosurePolicyPage.tsx';
import { EnrolSecondFactorPage } from './pages/EnrolSecondFactorPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { GroupDetailPage } from './pages/GroupDetailPage.tsx';
import { GroupsPage } from './pages/GroupsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { MyReportsPage } from './pages/MyReportsPage.tsx';
import { IntakeSettingsPage } from './pages/IntakeSettingsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { ReportTemplatesPage } from './pages/ReportTemplatesPage.tsx';
import { SlaSettingsPage } from './pages/SlaSettingsPage.tsx';
import { ReportsInboxPage } from './pages/ReportsInboxPage.tsx';
import { ProductDetailPage } from './pages/ProductDetailPage.tsx';
import { ProductsPage } from './pages/ProductsPage.tsx';
import { ReporterReportPage } from './pages/ReporterReportPage.tsx';
import { ReportFormPage } from './pages/ReportFormPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SecondFactorPage } from './pages/SecondFactorPage.tsx';
import { SecurityEventsPage } from './pages/SecurityEventsPage.tsx';
import { SecuritySettingsPage } from './pages/SecuritySettingsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { TriageDashboardPage } from './pages/TriageDashboardPage.tsx';
import { UserDetailPage } from './pages/UserDetailPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { VerifyEmailPage } from './pages/VerifyEmailPage.tsx';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-in/second-factor" element={<SecondFactorPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
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
