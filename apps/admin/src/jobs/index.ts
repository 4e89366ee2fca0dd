// The transcode queue as a resource, so that it gets a menu entry and an access rule.
import WorkIcon from '@mui/icons-material/Work';
import { lazy } from 'react';

export default {
  list: lazy(() => import('./JobsPage')),
  icon: WorkIcon,
};
