// The side menu: react-admin lists the resources the signed-in role may open (the auth
// provider's canAccess), and admins also get a direct "Upload" entry.
import UploadIcon from '@mui/icons-material/CloudUpload';
import { Menu as RaMenu, useCanAccess, useCreatePath } from 'react-admin';

function UploadItem() {
  const { canAccess } = useCanAccess({ resource: 'videos', action: 'create' });
  const createPath = useCreatePath();
  if (!canAccess) return null;
  return (
    <RaMenu.Item
      to={createPath({ resource: 'videos', type: 'create' })}
      primaryText="Upload"
      leftIcon={<UploadIcon />}
    />
  );
}

export function Menu() {
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <RaMenu.ResourceItems />
      <UploadItem />
    </RaMenu>
  );
}
