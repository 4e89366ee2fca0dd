// The top bar: the brand (back to the catalogue), who is signed in, and sign out.
import { useAuth } from '../auth/AuthProvider';

export function AppHeader() {
  const { auth, signOut } = useAuth();
  return (
    <header className="app-header">
      <a className="brand" href="#/" data-testid="nav-catalogue">
        Reelguard
      </a>
      {auth && (
        <div className="app-header__account">
          <span className="app-header__email" data-testid="current-user">
            {auth.user.email}
          </span>
          <button type="button" className="button button--quiet" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}
