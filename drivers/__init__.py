"""Device drivers: the wire. Stands alone; never imports postterm."""
