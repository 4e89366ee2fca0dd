// The users resource: list (with role and disable changes in place) and create.
import PeopleIcon from '@mui/icons-material/People';
import { lazy } from 'react';
import type { User } from '../dataProvider/apiTypes';

export default {
  list: lazy(() => import('./UserList')),
  create: lazy(() => import('./UserCreate')),
  icon: PeopleIcon,
  recordRepresentation: (user: User): string => user.email,
};
