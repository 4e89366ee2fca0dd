// The dashboard: react-admin with the Reelguard providers, one <Resource> per folder, and the
// role-aware layout. Each screen is loaded on first use.
import { lazy } from 'react';
import { Admin, Resource } from 'react-admin';
import auditLogs from './audit-logs';
import jobs from './jobs';
import { Layout } from './layout/Layout';
import { LoginPage } from './login/LoginPage';
import { authProvider, dataProvider } from './providers';
import sessions from './sessions';
import users from './users';
import videos from './videos';

const Dashboard = lazy(() => import('./dashboard/Dashboard'));

export function App() {
  return (
    <Admin
      title="Reelguard"
      authProvider={authProvider}
      dataProvider={dataProvider}
      layout={Layout}
      loginPage={LoginPage}
      dashboard={Dashboard}
      requireAuth
      disableTelemetry
    >
      <Resource name="videos" {...videos} />
      <Resource name="sessions" {...sessions} options={{ label: 'Playback sessions' }} />
      <Resource name="users" {...users} />
      <Resource name="audit-logs" {...auditLogs} options={{ label: 'Audit log' }} />
      <Resource name="jobs" {...jobs} options={{ label: 'Transcode jobs' }} />
    </Admin>
  );
}
