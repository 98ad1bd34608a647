import { MotionConfig } from 'motion/react';
import { createBrowserRouter, Outlet } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { Header } from './Header';
import { HomePage } from './HomePage';
import { NotFound } from './NotFound';
import { useApplyTheme } from './theme';

function Shell() {
  useApplyTheme();
  return (
    // "user": every motion animation follows the person's prefers-reduced-motion setting
    <MotionConfig reducedMotion="user">
      <div className="shell">
        <Header />
        <Outlet />
      </div>
    </MotionConfig>
  );
}

const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/labs/:labId',
        // the canvas (React Flow, motion, the engine) loads with the first lab, not the list
        lazy: async () => ({ Component: (await import('./lab/LabPage')).LabPage }),
        hydrateFallbackElement: <div className="loading" aria-busy="true" />,
      },
      {
        path: '/playground',
        lazy: async () => ({
          Component: (await import('./playground/PlaygroundPage')).PlaygroundPage,
        }),
        hydrateFallbackElement: <div className="loading" aria-busy="true" />,
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
