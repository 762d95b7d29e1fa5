module dockmedic.test/goapp

go 1.21
